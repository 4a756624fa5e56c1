using System.Text;
using System.Buffers;
using System.Runtime.CompilerServices;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Message.Syntax;

namespace Gateway.Sip.Message;

/// <summary>
/// Frames and indexes a SIP message (RFC 3261 §7): strict start line, header lines with folding, compact and
/// case-insensitive names, Content-Length and body. Header values stay slices of the input; typed values are
/// parsed later on demand. Never throws on wire input.
/// </summary>
public sealed class SipMessageParser(SipParseLimits? limits = null)
{
    private const int StackHeaderLimit = 256;

    private readonly SipParseLimits _limits = limits ?? SipParseLimits.Default;

    private struct HeaderRange
    {
        public int NameStart;
        public int NameLength;
        public int ValueStart;
        public int ValueLength;
        public SipHeaderId Id;
    }

    // The header index is only read up to the count written, so the stack buffer need not be zeroed.
    [SkipLocalsInit]
    public SipParseResult Parse(ReadOnlyMemory<byte> input, SipFraming framing)
    {
        var maxHeaders = _limits.MaxHeaderCount;
        if (maxHeaders <= StackHeaderLimit)
        {
            Span<HeaderRange> ranges = stackalloc HeaderRange[maxHeaders];
            return Parse(input, framing, ranges);
        }
        var rented = ArrayPool<HeaderRange>.Shared.Rent(maxHeaders);
        try
        {
            return Parse(input, framing, rented.AsSpan(0, maxHeaders));
        }
        finally
        {
            ArrayPool<HeaderRange>.Shared.Return(rented);
        }
    }

    private SipParseResult Parse(ReadOnlyMemory<byte> input, SipFraming framing, Span<HeaderRange> ranges)
    {
        var span = input.Span;
        var stream = framing == SipFraming.Stream;
        if (!stream && span.Length > _limits.MaxMessageSize) return SipParseResult.Fail(SipParseError.MessageTooLarge, span.Length);

        // Leading CRLFs are keep-alives or stray line ends (RFC 3261 §7.5 / RFC 5626): skip them.
        var start = 0;
        while (start < span.Length && span[start] is (byte)'\r' or (byte)'\n') start++;
        if (start == span.Length) return SipParseResult.Fail(stream ? SipParseError.NeedMoreData : SipParseError.Empty, start);

        var startLineLength = span[start..].IndexOf((byte)'\n');
        if (startLineLength < 0)
        {
            if (span.Length - start > _limits.MaxLineLength) return SipParseResult.Fail(SipParseError.LineTooLong, span.Length);
            return SipParseResult.Fail(stream ? SipParseError.NeedMoreData : SipParseError.MissingEmptyLine, start);
        }
        if (startLineLength > _limits.MaxLineLength) return SipParseResult.Fail(SipParseError.LineTooLong, span.Length);

        var error = SipParseError.None;
        var count = 0;
        var cursor = start + startLineLength + 1;
        var headersEnded = false;
        while (cursor < span.Length)
        {
            if (span[cursor] == '\n' || (span[cursor] == '\r' && cursor + 1 < span.Length && span[cursor + 1] == '\n'))
            {
                cursor += span[cursor] == '\n' ? 1 : 2;
                headersEnded = true;
                break;
            }
            var lineStart = cursor;
            var complete = false;
            while (true)
            {
                var newline = span[cursor..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    if (span.Length - cursor > _limits.MaxLineLength) return SipParseResult.Fail(SipParseError.LineTooLong, span.Length);
                    cursor = span.Length;
                    break;
                }
                if (newline > _limits.MaxLineLength) return SipParseResult.Fail(SipParseError.LineTooLong, span.Length);
                cursor += newline + 1;
                if (cursor < span.Length && span[cursor] is (byte)' ' or (byte)'\t') continue;
                complete = cursor < span.Length || !stream;
                break;
            }
            if (!complete && stream) return SipParseResult.Fail(SipParseError.NeedMoreData);
            if (stream && cursor - start > _limits.MaxMessageSize) return SipParseResult.Fail(SipParseError.MessageTooLarge, span.Length);
            if (!TryIndexHeaderLine(span, lineStart, cursor, out var range))
            {
                // One bad line: keep going so the request can still be answered with 400.
                if (error == SipParseError.None) error = SipParseError.InvalidHeaderLine;
                continue;
            }
            if (count == ranges.Length) return SipParseResult.Fail(SipParseError.TooManyHeaders, span.Length);
            ranges[count++] = range;
        }

        if (!headersEnded)
        {
            if (stream) return SipParseResult.Fail(SipParseError.NeedMoreData);
            if (error == SipParseError.None) error = SipParseError.MissingEmptyLine;
        }
        var bodyStart = cursor;

        var headers = new SipHeader[count];
        var contentLength = -1;
        for (var i = 0; i < count; i++)
        {
            ref readonly var range = ref ranges[i];
            headers[i] = new SipHeader(range.Id, input.Slice(range.NameStart, range.NameLength), input.Slice(range.ValueStart, range.ValueLength));
            if (range.Id != SipHeaderId.ContentLength) continue;
            if (contentLength != -1)
            {
                if (error == SipParseError.None) error = SipParseError.DuplicateContentLength;
                continue;
            }
            if (!SipLexer.TryParseDecimal(span.Slice(range.ValueStart, range.ValueLength), int.MaxValue, out var length))
            {
                if (error == SipParseError.None) error = SipParseError.InvalidContentLength;
                contentLength = -2;
                continue;
            }
            contentLength = (int)length;
        }
        var headerCollection = new SipHeaderCollection(headers, count);

        var available = span.Length - bodyStart;
        var bodyLength = 0;
        var consumed = bodyStart;
        if (error == SipParseError.None)
        {
            if (contentLength < 0)
            {
                if (stream) error = SipParseError.MissingContentLength;
                else bodyLength = available;
            }
            else if (contentLength > available)
            {
                if (stream)
                {
                    if ((long)bodyStart - start + contentLength > _limits.MaxMessageSize) return SipParseResult.Fail(SipParseError.MessageTooLarge, span.Length);
                    return SipParseResult.Fail(SipParseError.NeedMoreData);
                }
                error = SipParseError.ContentLengthExceedsDatagram;
            }
            else
            {
                bodyLength = contentLength;
            }
            consumed = bodyStart + bodyLength;
        }
        else if (!stream)
        {
            consumed = span.Length;
        }

        var body = input.Slice(bodyStart, bodyLength);
        var message = CreateMessage(input, start, startLineLength, headerCollection, body, ref error);
        return new SipParseResult(error, message, consumed);
    }

    private static bool TryIndexHeaderLine(ReadOnlySpan<byte> span, int lineStart, int lineEnd, out HeaderRange range)
    {
        range = default;
        var line = span[lineStart..lineEnd];
        var colon = line.IndexOf((byte)':');
        if (colon <= 0) return false;
        var nameLength = colon;
        while (nameLength > 0 && line[nameLength - 1] is (byte)' ' or (byte)'\t') nameLength--;
        var name = line[..nameLength];
        if (!SipCharClass.IsTokenSpan(name)) return false;
        var valueStart = colon + 1;
        var valueEnd = line.Length;
        while (valueStart < valueEnd && SipCharClass.IsWhitespace(line[valueStart])) valueStart++;
        while (valueEnd > valueStart && SipCharClass.IsWhitespace(line[valueEnd - 1])) valueEnd--;
        range = new HeaderRange
        {
            NameStart = lineStart,
            NameLength = nameLength,
            ValueStart = lineStart + valueStart,
            ValueLength = valueEnd - valueStart,
            Id = SipHeaderNames.Identify(name),
        };
        return true;
    }

    private static SipMessage? CreateMessage(ReadOnlyMemory<byte> input, int start, int lineLength, SipHeaderCollection headers, ReadOnlyMemory<byte> body, ref SipParseError error)
    {
        var line = input.Slice(start, lineLength);
        if (line.Span.EndsWith("\r"u8)) line = line[..^1];
        var text = line.Span;
        if (text.StartsWith("SIP/"u8)) return CreateResponse(line, headers, body, ref error);

        // Request-Line = Method SP Request-URI SP SIP-Version: exactly one SP between elements (RFC 4475 §3.1.2.9/10).
        var firstSpace = text.IndexOf((byte)' ');
        if (firstSpace <= 0)
        {
            error = SipParseError.InvalidRequestLine;
            return null;
        }
        var method = SipMethods.Intern(text[..firstSpace]);
        var secondSpace = text[(firstSpace + 1)..].IndexOf((byte)' ');
        var uriEnd = secondSpace < 0 ? text.Length : firstSpace + 1 + secondSpace;
        var uri = line[(firstSpace + 1)..uriEnd];
        var version = secondSpace < 0 ? ReadOnlyMemory<byte>.Empty : line[(uriEnd + 1)..];
        var lineError = ClassifyRequestLine(text[..firstSpace], uri.Span, version.Span, secondSpace >= 0);
        if (lineError != SipParseError.None) error = lineError; // start-line problems outrank header ones
        return new SipRequest(method, uri, version, headers, body);
    }

    private static SipParseError ClassifyRequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri, ReadOnlySpan<byte> version, bool hasVersion)
    {
        if (!SipCharClass.IsTokenSpan(method) || uri.IsEmpty || !hasVersion) return SipParseError.InvalidRequestLine;
        foreach (var b in uri)
        {
            if (b <= ' ') return SipParseError.InvalidRequestLine;
        }
        return ClassifyVersion(version);
    }

    private static SipParseError ClassifyVersion(ReadOnlySpan<byte> version)
    {
        if (version.SequenceEqual("SIP/2.0"u8)) return SipParseError.None;
        if (version.Length < 7 || !Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8)) return SipParseError.InvalidRequestLine;
        var digits = version[4..];
        var dot = digits.IndexOf((byte)'.');
        if (dot <= 0 || dot == digits.Length - 1) return SipParseError.InvalidRequestLine;
        foreach (var b in digits)
        {
            if (b != '.' && !SipCharClass.IsDigit(b)) return SipParseError.InvalidRequestLine;
        }
        return digits.SequenceEqual("2.0"u8) ? SipParseError.None : SipParseError.UnsupportedVersion;
    }

    private static SipResponse? CreateResponse(ReadOnlyMemory<byte> line, SipHeaderCollection headers, ReadOnlyMemory<byte> body, ref SipParseError error)
    {
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase; Status-Code is exactly 3 digits.
        var text = line.Span;
        var firstSpace = text.IndexOf((byte)' ');
        if (firstSpace < 0 || text.Length < firstSpace + 4)
        {
            error = SipParseError.InvalidStatusLine;
            return null;
        }
        var versionError = ClassifyVersion(text[..firstSpace]);
        if (versionError != SipParseError.None)
        {
            error = versionError;
            return null;
        }
        var code = text.Slice(firstSpace + 1, 3);
        var afterCode = firstSpace + 4;
        if (!SipLexer.TryParseDecimal(code, 699, out var status) || status < 100 || (afterCode < text.Length && text[afterCode] != ' '))
        {
            error = SipParseError.InvalidStatusLine;
            return null;
        }
        var reason = afterCode < text.Length ? line[(afterCode + 1)..] : ReadOnlyMemory<byte>.Empty;
        return new SipResponse((int)status, reason, headers, body);
    }
}
