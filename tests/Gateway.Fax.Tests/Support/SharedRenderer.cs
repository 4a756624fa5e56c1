using Gateway.Fax.Rendering;

namespace Gateway.Fax.Tests.Support;

/// <summary>One renderer for all tests (it serialises calls itself); loading the font once saves time.</summary>
internal static class SharedRenderer
{
    private static readonly Lazy<FaxPageRenderer> Instance = new(() => new FaxPageRenderer());

    public static FaxPageRenderer Renderer => Instance.Value;
}
