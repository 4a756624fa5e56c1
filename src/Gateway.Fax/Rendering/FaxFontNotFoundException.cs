namespace Gateway.Fax.Rendering;

/// <summary>The CJK font for fax pages is missing or unreadable; the message says where it was looked for.</summary>
public sealed class FaxFontNotFoundException : FileNotFoundException
{
    public FaxFontNotFoundException(string path)
        : base($"Fax font not found or unreadable: {path}. Install it with `apt-get install -y fonts-wqy-microhei` or set the font path.", path)
    {
    }
}
