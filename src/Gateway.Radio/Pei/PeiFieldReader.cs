using System.Globalization;

namespace Gateway.Radio.Pei;

/// <summary>Reads comma-separated fields of a result code without allocating (strings only on request).</summary>
internal ref struct PeiFieldReader
{
    private ReadOnlySpan<char> _rest;
    private bool _exhausted;

    public PeiFieldReader(ReadOnlySpan<char> fields)
    {
        _rest = fields;
        _exhausted = false;
    }

    public bool HasMore => !_exhausted;

    public bool TryNext(out ReadOnlySpan<char> field)
    {
        if (_exhausted)
        {
            field = default;
            return false;
        }

        var comma = _rest.IndexOf(',');
        if (comma < 0)
        {
            field = _rest.Trim();
            _rest = default;
            _exhausted = true;
        }
        else
        {
            field = _rest[..comma].Trim();
            _rest = _rest[(comma + 1)..];
        }

        if (field.Length >= 2 && field[0] == '"' && field[^1] == '"')
        {
            field = field[1..^1];
        }

        return true;
    }

    /// <summary>A required number: false when missing, empty or not a number.</summary>
    public bool TryNextInt(out int value)
    {
        value = 0;
        return TryNext(out var field) && TryParse(field, out value);
    }

    /// <summary>An optional number: null when missing, empty or not a number.</summary>
    public int? NextOptionalInt() => TryNext(out var field) && TryParse(field, out var value) ? value : null;

    /// <summary>An optional identity: null when missing or empty; digits only, at most 32 characters.</summary>
    public string? NextOptionalIdentity() =>
        TryNext(out var field) && IsIdentity(field) ? field.ToString() : null;

    /// <summary>An optional identity that, when present, must be valid: false for a present non-identity.</summary>
    public bool TryNextOptionalIdentity(out string? identity)
    {
        identity = null;
        if (!TryNext(out var field) || field.IsEmpty)
        {
            return true;
        }

        if (!IsIdentity(field))
        {
            return false;
        }

        identity = field.ToString();
        return true;
    }

    public void Skip(int count)
    {
        for (var i = 0; i < count; i++)
        {
            TryNext(out _);
        }
    }

    public static bool IsIdentity(ReadOnlySpan<char> field)
    {
        if (field.IsEmpty || field.Length > 32)
        {
            return false;
        }

        foreach (var c in field)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParse(ReadOnlySpan<char> field, out int value) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
