using InferenceWall.Core.Input;
using InferenceWall.Core.Problems;

namespace InferenceWall.Core.Tests.Input;

public class CsvTableTests
{
    [Fact]
    public void Parse_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        var errors = new List<Problem>();
        var t = CsvTable.Parse("t.csv", "a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n3,4\r\n", errors);

        Assert.Empty(errors);
        Assert.Equal(new[] { "a", "b" }, t.Header.ToArray());
        Assert.Equal("x, y", t.Records[0].Fields[0]);
        Assert.Equal("say \"hi\"\nthere", t.Records[0].Fields[1]);
        Assert.Equal(2, t.Records[0].Line);
        Assert.Equal(4, t.Records[1].Line);
    }

    [Fact]
    public void Parse_UnclosedQuote_ReportsLineWhereItOpened()
    {
        var errors = new List<Problem>();
        CsvTable.Parse("t.csv", "a,b\n1,2\n3,\"oops\n", errors);
        Assert.Contains(errors, e => e.Location!.Line == 3 && e.Message.Contains("never closed", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Empty_AsksForHeader()
    {
        var errors = new List<Problem>();
        CsvTable.Parse("t.csv", string.Empty, errors);
        Assert.Contains(errors, e => e.Message.Contains("header", StringComparison.Ordinal));
    }

    [Fact]
    public void RowReader_WrongFieldCount_NamesLine()
    {
        var errors = new List<Problem>();
        var t = CsvTable.Parse("t.csv", "a,b\n1,2,3\n", errors);
        var r = new CsvRowReader(t, errors);
        Assert.False(r.CheckWidth(t.Records[0]));
        Assert.Contains(errors, e => e.Location!.Line == 2 && e.Message.Contains("3 fields", StringComparison.Ordinal));
    }
}
