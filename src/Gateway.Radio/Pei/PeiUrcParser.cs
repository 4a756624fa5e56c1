namespace Gateway.Radio.Pei;

/// <summary>
/// Parses the PEI result codes the driver reacts to. Lines longer than <see cref="MaxLineLength"/>
/// are rejected; nothing here throws on wire input.
/// </summary>
public static class PeiUrcParser
{
    public const int MaxLineLength = 512;

    public static PeiUrc Parse(ReadOnlySpan<char> line)
    {
        line = line.Trim();
        if (line.Length > MaxLineLength)
        {
            return new PeiMalformedUrc("?", $"line longer than {MaxLineLength} characters");
        }

        if (line.IsEmpty || line[0] != '+')
        {
            return PeiNotUrc.Instance;
        }

        var colon = line.IndexOf(':');
        if (colon < 0)
        {
            return PeiNotUrc.Instance;
        }

        var code = line[..colon];
        var fields = line[(colon + 1)..];
        return code switch
        {
            "+CTICN" => ParseIncomingCall(fields),
            "+CTOCP" => ParseCallProgress(fields),
            "+CTCC" => ParseCallConnected(fields),
            "+CTXG" => ParseTransmitGrant(fields),
            "+CDTXC" => ParseDownTransmissionCeased(fields),
            "+CTCR" => ParseCallReleased(fields),
            "+CTXI" => ParseCcOnly(fields, "+CTXI", cc => new PeiTransmitInterrupt(cc)),
            "+CTXW" => ParseCcOnly(fields, "+CTXW", cc => new PeiTransmitWait(cc)),
            "+CTSDSR" => ParseSdsHeader(fields),
            "+CMGS" => ParseSdsSendResult(fields),
            "+CNUMF" => ParseOwnIdentity(fields),
            _ => PeiNotUrc.Instance,
        };
    }

    private static PeiUrc ParseIncomingCall(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var cc) || !reader.TryNextInt(out var callStatus) || !reader.TryNextInt(out var aiService))
        {
            return new PeiMalformedUrc("+CTICN", "CC instance, call status and AI service must be numbers");
        }

        reader.Skip(1); // calling party identity type
        var calling = reader.NextOptionalIdentity();
        reader.Skip(3); // hook, simplex, end-to-end encryption
        var commsType = reader.NextOptionalInt();
        reader.Skip(2); // slots/codec, called party identity type
        var called = reader.NextOptionalIdentity();
        var priority = reader.NextOptionalInt();
        return new PeiIncomingCall(cc, callStatus, aiService, calling, commsType, called, priority);
    }

    private static PeiUrc ParseCallProgress(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var cc) || !reader.TryNextInt(out var callStatus))
        {
            return new PeiMalformedUrc("+CTOCP", "CC instance and call status must be numbers");
        }

        return new PeiCallProgress(cc, callStatus, reader.NextOptionalInt());
    }

    private static PeiUrc ParseCallConnected(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var cc))
        {
            return new PeiMalformedUrc("+CTCC", "CC instance must be a number");
        }

        var hook = reader.NextOptionalInt();
        var simplex = reader.NextOptionalInt();
        return new PeiCallConnected(cc, hook, simplex, reader.NextOptionalInt());
    }

    private static PeiUrc ParseTransmitGrant(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var cc) || !reader.TryNextInt(out var grant))
        {
            return new PeiMalformedUrc("+CTXG", "CC instance and TxGrant must be numbers");
        }

        if (grant is < 0 or > 3)
        {
            return new PeiMalformedUrc("+CTXG", $"TxGrant {grant} is not 0–3");
        }

        var permission = reader.NextOptionalInt();
        reader.Skip(2); // end-to-end encryption, TPI type
        return new PeiTransmitGrant(cc, (PeiTxGrant)grant, permission, reader.NextOptionalIdentity());
    }

    private static PeiUrc ParseDownTransmissionCeased(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var cc))
        {
            return new PeiMalformedUrc("+CDTXC", "CC instance must be a number");
        }

        return new PeiDownTransmissionCeased(cc, reader.NextOptionalInt());
    }

    private static PeiUrc ParseCallReleased(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var cc) || !reader.TryNextInt(out var cause))
        {
            return new PeiMalformedUrc("+CTCR", "CC instance and disconnect cause must be numbers");
        }

        return new PeiCallReleased(cc, (PeiDisconnectCause)cause);
    }

    private static PeiUrc ParseCcOnly(ReadOnlySpan<char> fields, string code, Func<int, PeiUrc> create)
    {
        var reader = new PeiFieldReader(fields);
        return reader.TryNextInt(out var cc) ? create(cc) : new PeiMalformedUrc(code, "CC instance must be a number");
    }

    private static PeiUrc ParseSdsHeader(ReadOnlySpan<char> fields)
    {
        var count = fields.Count(',') + 1;
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var aiService))
        {
            return new PeiMalformedUrc("+CTSDSR", "AI service must be a number");
        }

        string? calling = null;
        string? called;
        switch (count)
        {
            case 3: // AI service, called party, length
                called = reader.NextOptionalIdentity();
                break;
            case 4: // AI service, called party, called type, length
                called = reader.NextOptionalIdentity();
                reader.Skip(1);
                break;
            case 6 or 7: // with calling party (and end-to-end encryption)
                if (!reader.TryNextOptionalIdentity(out calling))
                {
                    return new PeiMalformedUrc("+CTSDSR", "calling party identity is not digits");
                }

                reader.Skip(1);
                called = reader.NextOptionalIdentity();
                reader.Skip(1);
                break;
            default:
                return new PeiMalformedUrc("+CTSDSR", $"{count} fields");
        }

        if (called is null)
        {
            return new PeiMalformedUrc("+CTSDSR", "called party identity missing");
        }

        if (!reader.TryNextInt(out var bits) || bits is < 1 or > 4096)
        {
            return new PeiMalformedUrc("+CTSDSR", "length in bits missing or out of range");
        }

        return new PeiSdsHeader(aiService, calling, called, bits);
    }

    private static PeiUrc ParseSdsSendResult(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var instance))
        {
            return new PeiMalformedUrc("+CMGS", "SDS instance must be a number");
        }

        var status = reader.NextOptionalInt();
        return new PeiSdsSendResult(instance, status, reader.NextOptionalInt());
    }

    private static PeiUrc ParseOwnIdentity(ReadOnlySpan<char> fields)
    {
        var reader = new PeiFieldReader(fields);
        if (!reader.TryNextInt(out var type))
        {
            return new PeiMalformedUrc("+CNUMF", "number type must be a number");
        }

        var number = reader.NextOptionalIdentity();
        return number is null ? new PeiMalformedUrc("+CNUMF", "number missing or not digits") : new PeiOwnIdentity(type, number);
    }
}
