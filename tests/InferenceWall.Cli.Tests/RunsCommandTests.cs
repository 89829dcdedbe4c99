using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace InferenceWall.Cli.Tests;

/// <summary><c>--save</c> and <c>iwall runs list|show|diff|export|delete</c> on a throwaway SQLite store.</summary>
public sealed class RunsCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "iwall-runs-" + Guid.NewGuid().ToString("N"));

    private string Db => Path.Combine(_folder, "runs.db");

    private static string Scenario(string name) => RepoPaths.Of("scenarios", name + ".yaml");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Save_ThenListShowDiffExportDelete()
    {
        var (code, json, err) = CliRunner.Run("economics", Scenario("startup-720p-h100"), "--format", "json", "--save", "--label", "baseline", "--db", Db);
        Assert.True(code == 0, err);
        Assert.Contains("saved run 1", err, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("economics", Scenario("enterprise-vfx"), "--save", "--db", Db).Code);
        Assert.Equal(0, CliRunner.Run("montecarlo", Scenario("startup-720p-h100"), "--samples", "100", "--vary", "efficiency=lognormal(1,0.2)", "--save", "--db", Db).Code);

        var list = CliRunner.Run("runs", "list", "--format", "json", "--db", Db);
        Assert.Equal(0, list.Code);
        var items = JsonNode.Parse(list.Out)!["runs"]!.AsArray();
        Assert.Equal([3L, 2L, 1L], items.Select(i => i!["id"]!.GetValue<long>()));
        Assert.Equal("baseline", items[2]!["label"]!.GetValue<string>());
        Assert.Equal(["montecarlo"], JsonNode.Parse(CliRunner.Run("runs", "list", "--kind", "montecarlo", "--format", "json", "--db", Db).Out)!["runs"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()));

        // The stored result is the JSON the command printed.
        var show = CliRunner.Run("runs", "show", "1", "--format", "json", "--db", Db);
        Assert.Equal(0, show.Code);
        var run = JsonNode.Parse(show.Out)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), run["result"]), "the stored result differs from the printed JSON");
        Assert.Equal(File.ReadAllText(Scenario("startup-720p-h100")), run["scenario_yaml"]!.GetValue<string>());
        Assert.NotEmpty(run["used_catalog"]!["prices"]!.AsArray());

        var table = CliRunner.Run("runs", "show", "1", "--db", Db);
        Assert.Contains("Prices used", table.Out, StringComparison.Ordinal);

        var diff = CliRunner.Run("runs", "diff", "1", "2", "--format", "json", "--db", Db);
        Assert.Equal(0, diff.Code);
        var changes = JsonNode.Parse(diff.Out)!;
        Assert.Contains(changes["inputs"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "product.model");
        Assert.Contains(changes["outputs"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "figures.cost_per_clip_usd");

        var file = Path.Combine(_folder, "run-1.json");
        Assert.Equal(0, CliRunner.Run("runs", "export", "1", "--output", file, "--db", Db).Code);
        var export = JsonNode.Parse(File.ReadAllText(file))!;
        Assert.Equal(1, export["id"]!.GetValue<long>());
        Assert.Contains("prices.csv", File.ReadAllText(file), StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("runs", "delete", "2", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "show", "2", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "delete", "2", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "diff", "1", "2", "--db", Db).Code);
    }

    [Fact]
    public void Save_IsOffUnlessAsked_AndNoSaveWins()
    {
        Assert.Equal(0, CliRunner.Run("economics", Scenario("startup-720p-h100"), "--db", Db).Code);
        Assert.Equal(0, CliRunner.Run("economics", Scenario("startup-720p-h100"), "--save", "--no-save", "--db", Db).Code);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void Runs_RefusesBadOptionsAndABadStore()
    {
        Assert.Equal(2, CliRunner.Run("runs", "list", "--kind", "economy", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "list", "--limit", "0", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "list", "--limit", "1001", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "list", "--status", "done", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "list", "--format", "xml", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "show", "abc", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "show", "99999999999999999999", "--db", Db).Code);
        Assert.Equal(2, CliRunner.Run("runs", "diff", "1", "2", "--top", "-1", "--db", Db).Code);

        // A label the store would refuse is refused before anything is stored.
        var longLabel = CliRunner.Run("economics", Scenario("startup-720p-h100"), "--save", "--label", new string('x', 201), "--db", Db);
        Assert.Equal(2, longLabel.Code);
        Assert.Contains("--label", longLabel.Err, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("economics", Scenario("startup-720p-h100"), "--save", "--label", "a\tb", "--db", Db).Code);
        Assert.False(File.Exists(Db));
        Directory.CreateDirectory(_folder);
        var notADatabase = Path.Combine(_folder, "text.db");
        File.WriteAllText(notADatabase, "this is not a SQLite database, and it is long enough to have a header of its own");
        var (code, _, err) = CliRunner.Run("runs", "list", "--db", notADatabase);
        Assert.Equal(2, code);
        Assert.Contains("--db", err, StringComparison.Ordinal);

        // A run the store cannot take is reported, after the command's answer, with exit 2.
        var saved = CliRunner.Run("economics", Scenario("startup-720p-h100"), "--save", "--db", notADatabase);
        Assert.Equal(2, saved.Code);
        Assert.Contains("not saved", saved.Err, StringComparison.Ordinal);
        Assert.NotEmpty(saved.Out);
    }
}
