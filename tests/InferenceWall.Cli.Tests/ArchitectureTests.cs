using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace InferenceWall.Cli.Tests;

/// <summary>
/// The dependency rule (DESIGN.md §1), checked on the compiled assemblies, not on source text:
/// Core ← {Scenarios, Simulation} ← Analysis ← Application ← {Reporting, Storage, Worker} ← Web ← Cli; and the pure projects call no console,
/// file system, clock, environment or global random generator (read from each assembly's member references).
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>What each assembly may reference; a name ending in a dot allows that namespace of assemblies.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["InferenceWall.Core"] = [],
        ["InferenceWall.Scenarios"] = ["InferenceWall.Core", "YamlDotNet"],
        ["InferenceWall.Simulation"] = ["InferenceWall.Core"],
        ["InferenceWall.Analysis"] = ["InferenceWall.Core", "InferenceWall.Simulation"],
        ["InferenceWall.Application"] = ["InferenceWall.Core", "InferenceWall.Scenarios", "InferenceWall.Simulation", "InferenceWall.Analysis"],
        ["InferenceWall.Reporting"] = ["InferenceWall.Core", "InferenceWall.Scenarios", "InferenceWall.Simulation", "InferenceWall.Analysis", "InferenceWall.Application", "ScottPlot", "SkiaSharp"],
        ["InferenceWall.Storage"] = ["InferenceWall.Core", "InferenceWall.Application", "Microsoft.Data.Sqlite", "Npgsql"],
        ["InferenceWall.Worker"] = ["InferenceWall.Core", "InferenceWall.Analysis", "InferenceWall.Application", "Orleans.", "StackExchange.Redis", "Microsoft.Extensions."],
        ["InferenceWall.Web"] = ["InferenceWall.Core", "InferenceWall.Analysis", "InferenceWall.Application", "InferenceWall.Storage", "InferenceWall.Worker", "Orleans.",
            "Scalar.AspNetCore", "Microsoft.OpenApi", "Microsoft.AspNetCore.", "Microsoft.Extensions.", "Microsoft.Net.Http.Headers"],
    };

    private static readonly string[] Pure = ["InferenceWall.Core", "InferenceWall.Scenarios", "InferenceWall.Simulation", "InferenceWall.Analysis", "InferenceWall.Application"];

    private static string PathOf(string assembly) => Path.Combine(AppContext.BaseDirectory, assembly + ".dll");

    [Fact]
    public void Projects_ReferenceOnlyTheLayersBelowThem()
    {
        foreach (var (assembly, allowed) in Allowed)
        {
            var references = AssemblyName.GetAssemblyName(PathOf(assembly)) is not null
                ? Assembly.LoadFrom(PathOf(assembly)).GetReferencedAssemblies().Select(a => a.Name!)
                : [];
            var foreign = references.Where(r => !r.StartsWith("System", StringComparison.Ordinal) && r is not "netstandard" and not "Microsoft.Win32.Primitives"
                && !allowed.Contains(r, StringComparer.Ordinal)
                && !allowed.Any(a => a.EndsWith('.') && (r.StartsWith(a, StringComparison.Ordinal) || r == a.TrimEnd('.')))).ToList();
            Assert.True(foreign.Count == 0, $"{assembly} references {string.Join(", ", foreign)}");
        }
    }

    [Fact]
    public void Cli_IsTheOnlyProjectThatReferencesTheCommandLineAndConsoleLibraries()
    {
        foreach (var assembly in Allowed.Keys)
        {
            var names = Assembly.LoadFrom(PathOf(assembly)).GetReferencedAssemblies().Select(a => a.Name!).ToList();
            Assert.DoesNotContain("System.CommandLine", names);
            Assert.DoesNotContain("Spectre.Console", names);
        }
    }

    [Theory]
    [InlineData("System.Console", null)]
    [InlineData("System.IO.File", null)]
    [InlineData("System.IO.Directory", null)]
    [InlineData("System.IO.FileStream", null)]
    [InlineData("System.Environment", "GetEnvironmentVariable")]
    [InlineData("System.Environment", "get_TickCount")]
    [InlineData("System.Environment", "get_TickCount64")]
    [InlineData("System.Environment", "Exit")]
    [InlineData("System.Environment", "GetCommandLineArgs")]
    [InlineData("System.Diagnostics.Stopwatch", null)]
    [InlineData("System.DateTime", "get_Now")]
    [InlineData("System.DateTime", "get_UtcNow")]
    [InlineData("System.DateTimeOffset", "get_Now")]
    [InlineData("System.DateTimeOffset", "get_UtcNow")]
    [InlineData("System.TimeProvider", "get_System")]
    [InlineData("System.Random", ".ctor")]
    [InlineData("System.Random", "get_Shared")]
    public void PureProjects_DoNotCall(string type, string? member)
    {
        foreach (var assembly in Pure)
        {
            var offenders = MemberReferences(PathOf(assembly)).Where(r => r.Type == type && (member is null || r.Member == member)).ToList();
            Assert.True(offenders.Count == 0, $"{assembly} calls {type}: {string.Join(", ", offenders.Select(o => o.Member).Distinct())}");
        }
    }

    [Fact]
    public void MemberReferenceScan_FindsKnownCalls()
    {
        // The scan must be able to fail: the CLI itself does write to the console.
        Assert.Contains(MemberReferences(PathOf("iwall")), r => r.Type == "System.Console");
    }

    [Fact]
    public void PureProjects_NameNoCliFlagOrCommandInAnyText()
    {
        // Problems are worded by the front end that shows them: the library's texts say the field, never the flag.
        var flag = new System.Text.RegularExpressions.Regex(@"(^|[\s(`'""])--[a-z]|\biwall [a-z]");
        foreach (var assembly in Pure)
        {
            var offenders = UserStrings(PathOf(assembly)).Where(t => flag.IsMatch(t)).ToList();
            Assert.True(offenders.Count == 0, $"{assembly}: {string.Join(" | ", offenders.Take(5))}");
        }
    }

    [Fact]
    public void UserStringScan_FindsTheCliFlags() =>
        Assert.Contains(UserStrings(PathOf("iwall")), t => t.StartsWith("--", StringComparison.Ordinal));

    private static List<string> UserStrings(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new List<string>();
        var handle = MetadataTokens.UserStringHandle(1);
        while (!handle.IsNil)
        {
            result.Add(md.GetUserString(handle));
            handle = md.GetNextHandle(handle);
        }

        return result;
    }

    private static List<(string Type, string Member)> MemberReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new List<(string, string)>();
        foreach (var handle in md.MemberReferences)
        {
            var reference = md.GetMemberReference(handle);
            if (reference.Parent.Kind == HandleKind.TypeReference)
            {
                var t = md.GetTypeReference((TypeReferenceHandle)reference.Parent);
                result.Add(($"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}", md.GetString(reference.Name)));
            }
        }

        // A type used without a member reference (a static class's nested use) still shows as a type reference.
        foreach (var handle in md.TypeReferences)
        {
            var t = md.GetTypeReference(handle);
            result.Add(($"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}", string.Empty));
        }

        return result;
    }
}
