namespace InferenceWall.Core;

/// <summary>SI unit constants. Decimal prefixes throughout: tera is 1e12, not 2^40.</summary>
public static class Units
{
    public const double Kilo = 1e3;
    public const double Mega = 1e6;
    public const double Giga = 1e9;
    public const double Tera = 1e12;
    public const double Peta = 1e15;

    public const double SecondsPerMinute = 60.0;
    public const double SecondsPerHour = 3600.0;

    /// <summary>Joules in one kilowatt-hour.</summary>
    public const double JoulesPerKilowattHour = 3.6e6;

    /// <summary>Bytes per parameter or element for a precision.</summary>
    public static double BytesPer(Precision precision) => precision switch
    {
        Precision.Fp8 or Precision.Int8 or Precision.Fp8Weight => 1.0,
        Precision.Fp4 => 0.5,
        _ => 2.0,
    };
}
