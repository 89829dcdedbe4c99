using ScottPlot;

namespace InferenceWall.Reporting.Charts;

/// <summary>Saves a plot as PNG or SVG by the file's extension.</summary>
public static class ChartFile
{
    public const int Width = 1000;
    public const int Height = 600;

    /// <summary>The problem with a chart path, or null when it can be written.</summary>
    public static string? Problem(string option, string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".png" or ".svg"))
        {
            return $"{option} '{path}': the file must end in .png or .svg";
        }

        if (Directory.Exists(path))
        {
            return $"{option} '{path}': is a folder; give a file name ending in .png or .svg";
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        return dir is not null && !Directory.Exists(dir) ? $"{option} '{path}': folder '{dir}' does not exist" : null;
    }

    public static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        return plot;
    }

    /// <summary>The plot as SVG markup, for embedding in an HTML page.</summary>
    public static string Svg(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var svg = plot.GetSvgXml(Width, Height);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start > 0 ? svg[start..] : svg; // the XML declaration does not belong inside an HTML page
    }

    public static void Save(Plot plot, string path)
    {
        if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, Width, Height);
        }
        else
        {
            plot.SavePng(path, Width, Height);
        }
    }
}
