using InferenceWall.Simulation;

namespace InferenceWall.Reporting.Charts;

/// <summary>Queue length and fleet size over the simulated day: replicas by capacity class on the left, the queue on the right.</summary>
public static class FleetChart
{
    public static void Save(string path, string title, TimeSeries series) => ChartFile.Save(Build(title, series), path);

    public static ScottPlot.Plot Build(string title, TimeSeries series)
    {
        var plot = ChartFile.NewPlot(title);
        double[] hours = [.. series.TimesSeconds.Select(t => t / 3600.0)];
        void Line(IEnumerable<int> values, string label, bool right = false)
        {
            var line = plot.Add.Scatter(hours, values.Select(v => (double)v).ToArray());
            line.LegendText = label;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            if (right)
            {
                line.Axes.YAxis = plot.Axes.Right;
                line.LinePattern = ScottPlot.LinePattern.Dashed;
            }
        }

        Line(series.ReplicasReserved.Zip(series.ReplicasOnDemand, series.ReplicasSpot).Select(x => x.First + x.Second + x.Third), "replicas up (all classes)");
        Line(series.ReplicasBusy, "replicas busy");
        if (series.ReplicasSpot.Any(v => v > 0))
        {
            Line(series.ReplicasSpot, "spot replicas up");
        }

        Line(series.QueueLength, "queued requests (right axis)", right: true);
        plot.XLabel("hour of the simulated day (h)");
        plot.YLabel("replicas (count)");
        plot.Axes.Right.Label.Text = "queued requests (count)";
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        return plot;
    }
}
