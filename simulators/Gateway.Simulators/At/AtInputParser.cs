using System.Text;

namespace Gateway.Simulators.At;

/// <summary>
/// Splits the device's input into commands (up to CR; LF and NUL ignored), prompt text (up to Ctrl-Z,
/// ESC cancels) or raw data, depending on the mode the model has chosen. Over-long lines are dropped.
/// </summary>
public sealed class AtInputParser
{
    public const int MaxLineLength = 4096;
    private const byte Cr = 13, Lf = 10, CtrlZ = 26, Esc = 27, Backspace = 8;

    private readonly byte[] _line = new byte[MaxLineLength];
    private int _length;
    private bool _overflow;

    public AtInputMode Mode { get; set; } = AtInputMode.Command;

    /// <summary>Consumes one byte in command or text mode; returns a completed item, if any.</summary>
    public AtInputItem? Consume(byte value)
    {
        if (Mode == AtInputMode.Command)
        {
            switch (value)
            {
                case Cr:
                    return Complete(AtInputKind.Command);
                case Lf or 0:
                    return null;
                case Backspace:
                    _length = Math.Max(0, _length - 1);
                    return null;
            }
        }
        else if (Mode == AtInputMode.Text)
        {
            switch (value)
            {
                case CtrlZ:
                    return Complete(AtInputKind.Text);
                case Esc:
                    return Complete(AtInputKind.CancelledText);
            }
        }

        if (_length < _line.Length)
        {
            _line[_length++] = value;
        }
        else
        {
            _overflow = true;
        }

        return null;
    }

    private AtInputItem? Complete(AtInputKind kind)
    {
        var text = Encoding.Latin1.GetString(_line, 0, _length);
        var overflow = _overflow;
        _length = 0;
        _overflow = false;
        if (overflow)
        {
            return new AtInputItem(AtInputKind.Overflow, string.Empty);
        }

        return new AtInputItem(kind, kind == AtInputKind.Command ? text.Trim() : text);
    }
}

public enum AtInputMode
{
    Command,
    Text,
    Raw,
}

public enum AtInputKind
{
    Command,
    Text,
    CancelledText,
    Overflow,
}

public readonly record struct AtInputItem(AtInputKind Kind, string Text);
