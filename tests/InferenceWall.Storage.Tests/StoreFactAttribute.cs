using Xunit.Abstractions;
using Xunit.Sdk;

namespace InferenceWall.Storage.Tests;

/// <summary>A test class whose tests need the PostgreSQL server named by <see cref="PostgresTarget.Variable"/>.</summary>
public interface INeedsPostgres;

/// <summary>
/// A fact of the store contract, run once per database class. On a class that needs PostgreSQL it is skipped, with
/// the reason, when <c>IWALL_TEST_POSTGRES</c> is unset outside CI; under <c>CI=true</c> it runs (and fails).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("InferenceWall.Storage.Tests.StoreFactDiscoverer", "InferenceWall.Storage.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>A PostgreSQL-only fact: skipped with the reason when no server is named outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresTarget.SkipReason;
}

/// <summary>Discovers a <see cref="StoreFactAttribute"/> test, skipped where its class needs an absent PostgreSQL.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var type = testMethod.TestClass.Class.ToRuntimeType();
        var skip = typeof(INeedsPostgres).IsAssignableFrom(type) ? PostgresTarget.SkipReason : null;
        IXunitTestCase test = skip is null
            ? new XunitTestCase(diagnostics, display, displayOptions, testMethod)
            : new XunitSkippedDataRowTestCase(diagnostics, display, displayOptions, testMethod, skip);
        return [test];
    }
}

/// <summary>The PostgreSQL server the tests use: a connection string in <c>IWALL_TEST_POSTGRES</c>.</summary>
public static class PostgresTarget
{
    public const string Variable = "IWALL_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Why PostgreSQL tests are skipped, or null when they run (a server is named, or CI requires them).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"no PostgreSQL: set {Variable} to a connection string (e.g. `source .ci/postgres.sh start`); under CI=true these tests fail instead"
        : null;

    /// <summary>The connection string, or a failure naming the variable (CI=true without a server).</summary>
    public static string Required => ConnectionString
        ?? throw new InvalidOperationException($"CI=true but {Variable} is not set: PostgreSQL tests need a server (`source .ci/postgres.sh start`)");
}
