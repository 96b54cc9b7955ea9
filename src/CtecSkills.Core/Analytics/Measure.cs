using System.Globalization;

namespace CtecSkills.Core.Analytics;

/// <summary>Why a <see cref="Measure"/> has, or has no, value.</summary>
/// <remarks>NoPopulation is the zero member so that a default <see cref="Measure"/> reads as "nothing measured", never as 0.</remarks>
public enum MeasureStatus
{
    /// <summary>No cell with a positive population: there is nobody to be unequal.</summary>
    NoPopulation,

    /// <summary>The measure has a finite value.</summary>
    Defined,

    /// <summary>Theil L is ln(μ/y), which has no finite value when some populated cell has y = 0.</summary>
    UndefinedForZeroValue,
}

/// <summary>
/// The value of an inequality measure, or the reason it has none. Reading <see cref="Value"/> of an undefined measure
/// throws, so that an undefined Theil L can never reach a chart or a release as infinity or NaN.
/// </summary>
public readonly record struct Measure
{
    private readonly double _value;

    private Measure(double value, MeasureStatus status)
    {
        _value = value;
        Status = status;
    }

    public MeasureStatus Status { get; }

    public bool IsDefined => Status == MeasureStatus.Defined;

    /// <summary>The value; throws <see cref="InvalidOperationException"/> when the measure is not defined.</summary>
    public double Value => IsDefined
        ? _value
        : throw new InvalidOperationException($"The measure is not defined ({Status}).");

    /// <summary>The value, or null when the measure is not defined.</summary>
    public double? ValueOrNull => IsDefined ? _value : null;

    public static Measure NoPopulation { get; } = new(0, MeasureStatus.NoPopulation);

    public static Measure UndefinedForZeroValue { get; } = new(0, MeasureStatus.UndefinedForZeroValue);

    public static Measure Of(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A defined measure is finite.");
        }
        return new(value, MeasureStatus.Defined);
    }

    public override string ToString() =>
        IsDefined ? _value.ToString("R", CultureInfo.InvariantCulture) : Status.ToString();
}
