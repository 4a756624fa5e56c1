using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Sip.Message;
using Gateway.Sip.Message.Headers;
using Gateway.Sip.Registrar;
using Gateway.Sip.Security.Configuration;
using Gateway.Sip.Security.Digest;
using Gateway.Sip.Transaction;
using Gateway.Sip.Transport;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Sip.Registrar;

/// <summary>
/// A phone we did not write (baresip) registers with digest against a minimal registrar endpoint made of our
/// UDP transport, transaction layer and <see cref="SipRegistrar"/>. Only MD5 is offered: baresip 1.0.0 (libre 1.x)
/// answers any SHA-256 challenge in the 401 with "Function not implemented" and gives up, whatever the order.
/// </summary>
public sealed class RegistrarBaresipInteropTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _configDirectory = Directory.CreateTempSubdirectory("baresip-reg-").FullName;
    private SipUdpTransport _transport = null!;
    private SipTransactionLayer _layer = null!;
    private SipRegistrar _registrar = null!;
    private readonly ConcurrentQueue<SipRequest> _registers = new();
    private readonly ConcurrentQueue<int> _statuses = new();

    public async Task InitializeAsync()
    {
        var authenticator = new DigestAuthenticator("gateway", new InMemoryCredentialStore([new("2001", "s3cret")]),
            new DigestNonceService(TimeSpan.FromMinutes(5)), DigestAlgorithms.ParseList(["MD5"]));
        _registrar = new SipRegistrar(new RegistrarOptions(), authenticator);
        _transport = new SipUdpTransport(new IPEndPoint(IPAddress.Loopback, 0));
        _layer = new SipTransactionLayer();
        _layer.Attach(_transport);
        _layer.RequestReceived += transaction =>
        {
            if (transaction.Request.Method != SipMethods.Register)
            {
                transaction.SendResponse(Gateway.Sip.Core.SipResponseFactory.Create(transaction.Request, 405, "Method Not Allowed", "reg"));
                return;
            }
            _registers.Enqueue(transaction.Request);
            var response = _registrar.Process(transaction.Request, transaction.Remote, transaction.Transport.Protocol);
            _statuses.Enqueue(response.StatusCode);
            transaction.SendResponse(response);
        };
        await _transport.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _layer.Dispose();
        _registrar.Dispose();
        await _transport.DisposeAsync();
        try
        {
            Directory.Delete(_configDirectory, recursive: true);
        }
        catch (IOException)
        {
            // baresip may still be flushing its uuid file; a leftover temp dir is harmless.
        }
    }

    [Fact]
    public async Task Baresip_registers_with_digest_and_is_found_by_lookup()
    {
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _registrar.BindingsChanged += user =>
        {
            if (user == "2001") registered.TrySetResult();
        };
        var phonePort = FreeUdpPort();
        WriteBaresipConfig(phonePort, _transport.LocalEndPoint.Port);

        using var phone = StartBaresip();
        try
        {
            await registered.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            phone.Kill(entireProcessTree: true);
            await phone.WaitForExitAsync();
            output.WriteLine(await phone.StandardOutput.ReadToEndAsync());
        }

        var binding = Assert.Single(_registrar.Lookup("2001"));
        Assert.Equal(IPAddress.Loopback, binding.Source.Address);
        Assert.Equal(phonePort, binding.Source.Port);
        Assert.StartsWith("2001", binding.Contact.User, StringComparison.Ordinal);
        Assert.Equal(SipTransportProtocol.Udp, binding.Protocol);

        // First an unauthenticated REGISTER that we challenged, then the authenticated one we accepted.
        Assert.Equal(401, _statuses.First());
        Assert.Contains(200, _statuses);
        var authorization = _registers.Select(r => r.Headers.GetFirstText(SipHeaderId.Authorization)).First(a => a is not null)!;
        var credentials = DigestCredentials.TryParse(authorization);
        Assert.NotNull(credentials);
        Assert.Equal("auth", credentials.Qop);
        output.WriteLine($"baresip answered with {credentials.Algorithm}, nc={credentials.NonceCount}");
    }

    private void WriteBaresipConfig(int phonePort, int registrarPort)
    {
        File.WriteAllText(Path.Combine(_configDirectory, "config"), string.Join('\n',
            $"sip_listen 127.0.0.1:{phonePort}",
            "net_interface 127.0.0.1",
            "dns_server 127.0.0.1:53",
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module_tmp uuid.so",
            "module_tmp account.so",
            "audio_player alsa,null",
            "audio_alert alsa,null",
            "") );
        File.WriteAllText(Path.Combine(_configDirectory, "accounts"),
            $"<sip:2001@127.0.0.1:{registrarPort};transport=udp>;auth_pass=s3cret;regint=600\n");
    }

    private Process StartBaresip()
    {
        var start = new ProcessStartInfo("baresip", ["-f", _configDirectory, "-t", "30"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("baresip did not start");
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
