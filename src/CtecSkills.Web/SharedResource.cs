namespace CtecSkills.Web;

/// <summary>Marker for the one resource file that holds every user-facing string (zh-CN neutral, en satellite).</summary>
#pragma warning disable CA1052 // a marker type for IStringLocalizer<T>, never instantiated
public sealed class SharedResource
#pragma warning restore CA1052
{
    private SharedResource()
    {
    }
}
