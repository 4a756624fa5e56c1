using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message.Headers;

/// <summary>Allocation-free sequence of the values of one header id (list headers split at commas).</summary>
public readonly struct SipHeaderValues(SipHeaderCollection headers, SipHeaderId id)
{
    public Enumerator GetEnumerator() => new(headers, id);

    public int Count()
    {
        var n = 0;
        foreach (var _ in this) n++;
        return n;
    }

    public ReadOnlyMemory<byte> First()
    {
        foreach (var value in this) return value;
        return ReadOnlyMemory<byte>.Empty;
    }

    public List<string> ToTextList()
    {
        var list = new List<string>();
        foreach (var value in this) list.Add(SipLexer.ToText(value.Span));
        return list;
    }

    public struct Enumerator
    {
        private readonly SipHeaderCollection _headers;
        private readonly SipHeaderId _id;
        private readonly bool _split;
        private int _headerIndex;
        private int _offset;
        private ReadOnlyMemory<byte> _current;

        internal Enumerator(SipHeaderCollection headers, SipHeaderId id)
        {
            _headers = headers;
            _id = id;
            _split = SipHeaderNames.IsList(id);
            _headerIndex = headers.IndexOf(id);
            _offset = 0;
            _current = default;
        }

        /// <summary>The value trimmed of surrounding whitespace; may be empty (e.g. "a,,b"), which callers treat as malformed.</summary>
        public readonly ReadOnlyMemory<byte> Current => _current;

        public bool MoveNext()
        {
            while (_headerIndex >= 0)
            {
                if (_offset >= 0)
                {
                    var rest = _headers[_headerIndex].Value[_offset..];
                    var comma = _split ? SipLexer.IndexOfUnquoted(rest.Span, (byte)',') : -1;
                    if (comma < 0)
                    {
                        _current = TrimMemory(rest);
                        _offset = -1;
                    }
                    else
                    {
                        _current = TrimMemory(rest[..comma]);
                        _offset += comma + 1;
                    }
                    return true;
                }
                _headerIndex = _headers.IndexOf(_id, _headerIndex + 1);
                _offset = 0;
            }
            return false;
        }

        private static ReadOnlyMemory<byte> TrimMemory(ReadOnlyMemory<byte> value)
        {
            var span = value.Span;
            var start = 0;
            while (start < span.Length && SipCharClass.IsWhitespace(span[start])) start++;
            var end = span.Length;
            while (end > start && SipCharClass.IsWhitespace(span[end - 1])) end--;
            return value[start..end];
        }
    }
}
