using System.Text;
using Gateway.Sip.Core;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;

namespace Gateway.Sip.Tests.Conformance;

/// <summary>Every RFC 4475 torture message gets the handling EXPECTED.tsv describes (all read as UDP datagrams).</summary>
public sealed class Rfc4475Tests
{
    private sealed record Expectation(SipVerdictKind Kind, int StatusCode = 0, Action<SipParseResult, SipVerdict>? Check = null);

    private static Expectation Accept(Action<SipParseResult, SipVerdict>? check = null) => new(SipVerdictKind.Accept, 0, check);
    private static Expectation Reply(int code, Action<SipParseResult, SipVerdict>? check = null) => new(SipVerdictKind.Reply, code, check);
    private static Expectation Discard() => new(SipVerdictKind.Discard);

    private static readonly Dictionary<string, Expectation> Expectations = new()
    {
        ["wsinv"] = Accept(CheckWsinv),
        ["intmeth"] = Accept(CheckIntmeth),
        ["esc01"] = Accept(CheckEsc01),
        ["escnull"] = Accept(CheckEscnull),
        ["esc02"] = Accept(CheckEsc02),
        ["lwsdisp"] = Accept((r, _) =>
        {
            var from = r.Message!.From!;
            Assert.Equal("caller", from.DisplayName);
            Assert.Equal("sip:caller@example.com", from.Uri.ToString());
            Assert.Equal("323", from.Tag);
        }),
        ["longreq"] = Accept(CheckLongreq),
        ["dblreq"] = Accept((r, _) =>
        {
            var request = Assert.IsType<SipRequest>(r.Message);
            Assert.Equal("REGISTER", request.Method);
            Assert.True(request.Body.IsEmpty);
            Assert.True(r.BytesConsumed < FileLength("dblreq"), "the trailing INVITE must be left unparsed");
        }),
        ["semiuri"] = Accept((r, _) =>
        {
            var uri = ((SipRequest)r.Message!).RequestUri!;
            Assert.Equal("user;par=u%40example.net", uri.User);
            Assert.Equal("user;par=u@example.net", uri.UserUnescaped);
            Assert.Equal("example.com", uri.Host);
            Assert.Empty(uri.Parameters);
            Assert.Equal(6, r.Message!.Headers.GetValues(SipHeaderId.Accept).Count());
        }),
        ["transports"] = Accept((r, _) =>
            Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], r.Message!.GetVias()!.Select(v => v.Transport))),
        ["mpart01"] = Accept((r, _) =>
        {
            Assert.Equal("multipart/mixed", r.Message!.ContentType);
            Assert.Equal(553, r.Message.Body.Length);
            Assert.StartsWith("--7a9cbec02ceef655", Encoding.ASCII.GetString(r.Message.Body.Span));
        }),
        ["unreason"] = Accept((r, _) =>
        {
            var response = Assert.IsType<SipResponse>(r.Message);
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", response.ReasonPhrase);
            Assert.Equal(154, response.Body.Length);
        }),
        ["noreason"] = Accept((r, _) =>
        {
            var response = Assert.IsType<SipResponse>(r.Message);
            Assert.Equal(100, response.StatusCode);
            Assert.Equal("", response.ReasonPhrase);
        }),

        ["badinv01"] = Reply(400),
        ["clerr"] = Reply(400, (r, _) => Assert.Equal(SipParseError.ContentLengthExceedsDatagram, r.Error)),
        ["ncl"] = Reply(400, (r, _) => Assert.Equal(SipParseError.InvalidContentLength, r.Error)),
        ["scalar02"] = Reply(400, (_, v) => Assert.Equal("Malformed CSeq", v.ReasonPhrase)),
        ["scalarlg"] = Discard(),
        ["quotbal"] = Reply(400, (_, v) => Assert.Equal("Malformed To", v.ReasonPhrase)),
        ["ltgtruri"] = Reply(400, (_, v) => Assert.Equal("Malformed Request-URI", v.ReasonPhrase)),
        ["lwsruri"] = Reply(400, (r, _) => Assert.Equal(SipParseError.InvalidRequestLine, r.Error)),
        ["lwsstart"] = Reply(400, (r, _) => Assert.Equal(SipParseError.InvalidRequestLine, r.Error)),
        ["trws"] = Reply(400, (r, _) => Assert.Equal(SipParseError.InvalidRequestLine, r.Error)),
        ["escruri"] = Reply(400, (_, v) => Assert.Equal("Request-URI Must Not Contain Headers", v.ReasonPhrase)),
        ["baddate"] = Reply(400, (_, v) => Assert.Equal("Malformed Date", v.ReasonPhrase)),
        ["regbadct"] = Reply(400, (_, v) => Assert.Equal("Malformed Contact", v.ReasonPhrase)),
        ["badaspec"] = Reply(400, (_, v) => Assert.Equal("Malformed To", v.ReasonPhrase)),
        ["baddn"] = Reply(400),
        ["badvers"] = Reply(505),
        ["mismatch01"] = Reply(400, (_, v) => Assert.Equal("CSeq Method Does Not Match Request-Line", v.ReasonPhrase)),
        ["mismatch02"] = Reply(400, (_, v) => Assert.Equal("CSeq Method Does Not Match Request-Line", v.ReasonPhrase)),
        ["bigcode"] = Discard(),

        ["badbranch"] = Accept((r, _) =>
        {
            var via = r.Message!.TopVia!;
            Assert.Equal("z9hG4bK", via.Branch);
            Assert.False(via.HasMagicCookie);
        }),
        ["insuf"] = Reply(400, (_, v) => Assert.Equal("Missing Call-ID, From, To", v.ReasonPhrase)),
        ["unkscm"] = Reply(416),
        ["novelsc"] = Reply(416),
        ["unksm2"] = Accept((r, _) =>
        {
            Assert.Equal("isbn", r.Message!.To!.Uri.Scheme);
            Assert.Equal("http", r.Message.From!.Uri.Scheme);
        }),
        ["bext01"] = Reply(420, (_, v) =>
        {
            var unsupported = Assert.Single(v.ExtraHeaders);
            Assert.Equal(SipHeaderId.Unsupported, unsupported.Id);
            Assert.Equal("nothingSupportsThis, nothingSupportsThisEither", unsupported.ValueText);
        }),
        ["invut"] = Reply(415, (_, v) => Assert.Contains(v.ExtraHeaders, h => h.Id == SipHeaderId.Accept && h.ValueText.Contains("application/sdp"))),
        ["regaut01"] = Accept((r, _) =>
            Assert.Equal("NoOneKnowsThisScheme opaque-data=here", Assert.Single(r.Message!.Headers.GetValues(SipHeaderId.Authorization).ToTextList()))),
        ["multi01"] = Reply(400, (_, v) => Assert.StartsWith("Multiple", v.ReasonPhrase)),
        ["mcl01"] = Reply(400, (r, _) => Assert.Equal(SipParseError.DuplicateContentLength, r.Error)),
        ["bcast"] = Discard(),
        ["zeromf"] = Reply(483),
        ["cparam01"] = Accept((r, _) =>
        {
            var contact = ContactOf(r);
            Assert.Empty(contact.Uri.Parameters);
            Assert.True(contact.Parameters.Contains("unknownparam"));
        }),
        ["cparam02"] = Accept((r, _) =>
        {
            var contact = ContactOf(r);
            Assert.True(contact.Uri.Parameters.Contains("unknownparam"));
            Assert.Empty(contact.Parameters);
        }),
        ["regescrt"] = Accept((r, _) => Assert.Equal("Route=%3Csip:sip.example.com%3E", ContactOf(r).Uri.Headers)),
        ["sdp01"] = Reply(406),
        ["inv2543"] = Accept((r, _) =>
        {
            Assert.Null(r.Message!.TopVia!.Branch);
            Assert.Null(r.Message.MaxForwards);
            Assert.Null(r.Message.ContentLength);
            Assert.EndsWith("m=audio 49217 RTP/AVP 0\r\n", Encoding.ASCII.GetString(r.Message.Body.Span));
        }),
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var row in ReadExpectedTsv()) data.Add(row.File);
        return data;
    }

    [Fact]
    public void Expected_tsv_covers_all_49_dat_files_and_this_table()
    {
        var rows = ReadExpectedTsv();
        var datFiles = Directory.GetFiles(ConformanceDirectory.Rfc4475, "*.dat").Select(Path.GetFileNameWithoutExtension).Order().ToArray();
        Assert.Equal(49, rows.Count);
        Assert.Equal(datFiles, rows.Select(r => r.File).Order().ToArray());
        Assert.Equal(datFiles, Expectations.Keys.Order().ToArray());
        Assert.All(rows.Where(r => r.Class == "valid"), r => Assert.Equal(SipVerdictKind.Accept, Expectations[r.File].Kind));
        Assert.All(rows.Where(r => r.Class == "invalid"), r => Assert.NotEqual(SipVerdictKind.Accept, Expectations[r.File].Kind));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Message_gets_the_handling_expected_tsv_gives(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(ConformanceDirectory.Rfc4475, file + ".dat"));
        var result = new SipMessageParser().Parse(bytes, SipFraming.Datagram);
        var verdict = new SipRequestValidator().Validate(result);
        var expected = Expectations[file];

        Assert.True(expected.Kind == verdict.Kind, $"{file}: expected {expected.Kind} {expected.StatusCode}, got {verdict.Kind} {verdict.StatusCode} {verdict.ReasonPhrase} (parse: {result.Error})");
        Assert.Equal(expected.StatusCode, verdict.StatusCode);
        expected.Check?.Invoke(result, verdict);

        if (verdict.Kind == SipVerdictKind.Reply)
        {
            // The reply must be a well-formed response that carries the request's transaction identity.
            var request = Assert.IsType<SipRequest>(result.Message);
            var wire = SipMessageSerializer.ToBytes(SipResponseFactory.Create(request, verdict, toTag: "gw1"));
            var reparsed = new SipMessageParser().Parse(wire, SipFraming.Datagram);
            var response = Assert.IsType<SipResponse>(reparsed.Message);
            Assert.Equal(SipParseError.None, reparsed.Error);
            Assert.Equal(verdict.StatusCode, response.StatusCode);
            Assert.Equal(request.Headers.CountOf(SipHeaderId.Via), response.Headers.CountOf(SipHeaderId.Via));
            Assert.Equal(request.CallId, response.CallId);
        }
    }

    private static void CheckWsinv(SipParseResult r, SipVerdict _)
    {
        var m = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("INVITE", m.Method);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com;unknownparam", m.RequestUri!.ToString());
        Assert.Equal("1918181833n", m.To!.Tag);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com", m.To.Uri.ToString());
        Assert.Equal("J Rosenberg \\\"", m.From!.DisplayName);
        Assert.Equal("98asjd8", m.From.Tag);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(new SipCSeq(9, "INVITE"), m.CSeq);
        var vias = m.GetVias()!;
        Assert.Equal(3, vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (vias[0].Transport, vias[0].Host, vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].Transport, vias[1].Host, vias[1].Branch));
        Assert.Equal(("UDP", "192.168.255.111", "z9hG4bK30239"), (vias[2].Transport, vias[2].Host, vias[2].Branch));
        Assert.True(m.Headers.TryGetFirst("NewFangledHeader", out var fangled));
        Assert.Equal("newfangled value continued newfangled value", fangled.ValueText);
        Assert.Equal(";;,,;;,;", HeaderText(m, "UnknownHeaderWithUnusualValue"));
        Assert.Equal("", m.Headers.GetFirstText(SipHeaderId.Subject));
        var contact = ContactOf(r);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.Parameters.Get("newparam"));
        Assert.True(contact.Parameters.Contains("secondparam"));
        Assert.Equal("0.33", contact.Parameters.Get("q"));
        Assert.True(NameAddress.TryParse(m.Headers.GetValues(SipHeaderId.Route).First().Span, out var route));
        Assert.True(route.Uri.IsLooseRouter);
        Assert.Equal(150, m.Body.Length);
        Assert.Equal("application/sdp", m.ContentType);
    }

    private static void CheckIntmeth(SipParseResult r, SipVerdict _)
    {
        var m = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.RequestUri!.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.RequestUri.Password);
        Assert.Equal("BEL:\a NUL:\0 DEL:\u007f", m.To!.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From!.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", m.From.Tag);
        Assert.Equal("\"работающий\"", m.From.Parameters.Single(p => p.Name == "fromParam''~+*_!.-%").Value);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.CallId);
        Assert.Equal(new SipCSeq(139122385, m.Method), m.CSeq);
        Assert.Equal(255, m.MaxForwards);
        Assert.Equal("z9hG4bK-.!%66*_+`'~", m.TopVia!.Branch);
        Assert.Equal("﻿大停電", HeaderText(m, "extensionHeader-!.%*+_`'~"));
    }

    private static void CheckEsc01(SipParseResult r, SipVerdict _)
    {
        var m = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("sips:user@example.com", m.RequestUri!.UserUnescaped);
        Assert.Equal("example.net", m.RequestUri.Host);
        Assert.Equal("user", m.To!.Uri.UserUnescaped);
        Assert.Equal("I have spaces", m.From!.Uri.UserUnescaped);
        var contact = ContactOf(r).Uri;
        Assert.Equal("caller", contact.UserUnescaped);
        Assert.Equal("lr", SipUri.Unescape(contact.Parameters[0].Name));
        Assert.Equal("name", SipUri.Unescape(contact.Parameters[1].Name));
        Assert.Equal("value%41", SipUri.Unescape(contact.Parameters[1].Value!));
    }

    private static void CheckEscnull(SipParseResult r, SipVerdict _)
    {
        var m = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("null-\0-null", m.To!.Uri.UserUnescaped);
        var contacts = m.Headers.GetValues(SipHeaderId.Contact).ToTextList()
            .Select(t => { Assert.True(NameAddress.TryParse(t, out var na)); return na.Uri.UserUnescaped!; }).ToArray();
        Assert.Equal(["\0", "\0\0"], contacts);
    }

    private static void CheckEsc02(SipParseResult r, SipVerdict _)
    {
        var m = Assert.IsType<SipRequest>(r.Message);
        Assert.Equal("RE%47IST%45R", m.Method);
        Assert.NotEqual(SipMethods.Register, m.Method);
        Assert.Equal("%Z%45", m.To!.DisplayName);
        Assert.Equal(2, m.Headers.GetValues(SipHeaderId.Contact).Count());
        Assert.Equal("<sip:alias2@host2.example.com>", HeaderText(m, "C%6Fntact"));
        Assert.Equal("z9hG4bK209%fzsnel234", m.TopVia!.Branch);
    }

    private static void CheckLongreq(SipParseResult r, SipVerdict _)
    {
        var m = Assert.IsType<SipRequest>(r.Message);
        var vias = m.GetVias()!;
        Assert.Equal(34, vias.Count);
        Assert.Equal("sip33.example.com", vias[0].Host);
        Assert.Equal("192.0.2.5", vias[^1].Received);
        Assert.StartsWith("I have a user name of extreme", m.To!.DisplayName);
        Assert.Equal(6000, m.To.Uri.Port);
        Assert.Equal("shortvalue", m.To.Uri.Parameters.Get("longparamnamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamename"));
        Assert.StartsWith("amazinglylongcallername", m.From!.Uri.User);
        Assert.StartsWith("longreq.onereallyreally", m.CallId);
        Assert.Equal(150, m.Body.Length);
    }

    private static NameAddress ContactOf(SipParseResult r)
    {
        Assert.True(NameAddress.TryParse(r.Message!.Headers.GetValues(SipHeaderId.Contact).First().Span, out var contact));
        return contact;
    }

    private static string? HeaderText(SipMessage message, string name) => message.Headers.TryGetFirst(name, out var header) ? header.ValueText : null;

    private static int FileLength(string file) => (int)new FileInfo(Path.Combine(ConformanceDirectory.Rfc4475, file + ".dat")).Length;

    private sealed record Row(string File, string Section, string Class);

    private static List<Row> ReadExpectedTsv() =>
        File.ReadAllLines(Path.Combine(ConformanceDirectory.Rfc4475, "EXPECTED.tsv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(cols => new Row(cols[0], cols[1], cols[2]))
            .ToList();
}
