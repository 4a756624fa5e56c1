using System.Diagnostics.Metrics;
using Gateway.Sip.Call;
using Gateway.Sip.Call.MediaFeatures;
using Gateway.Sip.Call.Prompts;
using Gateway.Sip.Media.Recording;
using Microsoft.Extensions.Options;

namespace Gateway.Host.Sip;

/// <summary>Wires recording, prompts, DTMF reporting and the durable call records into the host.</summary>
internal static class CallMediaRegistration
{
    public static void AddGatewayCallMedia(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SipRecordingOptions>().Bind(builder.Configuration.GetSection(SipRecordingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SipRecordingOptions>, SipRecordingOptionsValidator>();
        services.AddOptions<SipPromptOptions>().Bind(builder.Configuration.GetSection(SipPromptOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SipPromptOptions>, SipPromptOptionsValidator>();

        services.AddSingleton(sp => new CallMediaMetrics(sp.GetRequiredService<IMeterFactory>()));
        var sipEnabled = builder.Configuration.GetValue<bool>($"{SipOptions.Section}:{nameof(SipOptions.Enabled)}");
        services.AddSingleton(sp => new CallRecordsHost(sipEnabled, sp.GetRequiredService<IOptions<SipRecordingOptions>>(),
            sp.GetRequiredService<IOptions<Configuration.StorageOptions>>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<CallRecordsHost>().Store);
        services.AddSingleton(sp =>
        {
            var recording = sp.GetRequiredService<IOptions<SipRecordingOptions>>().Value;
            var host = sp.GetRequiredService<CallRecordsHost>();
            var options = new CallRecordingOptions
            {
                RecordAllCalls = recording.Enabled,
                Directory = host.RecordingDirectory,
                Layout = recording.Mode.Equals("mono", StringComparison.OrdinalIgnoreCase) ? RecordingLayout.MixedMono : RecordingLayout.StereoCallerLeft,
            };
            return new CallRecordingService(options, host.Store, sp.GetRequiredService<CallMediaMetrics>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<CallRecordingService>>());
        });
        services.AddSingleton(sp => new CallMediaFeatures(sp.GetRequiredService<CallMediaMetrics>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<CallRecordingService>()));
        services.AddSingleton<ICallApplication>(sp =>
        {
            var prompts = sp.GetRequiredService<IOptions<SipPromptOptions>>().Value;
            return new PromptCallApplication(new PromptApplicationOptions
            {
                Directory = prompts.Directory,
                Loop = prompts.Loop,
                SendDigits = prompts.SendDigits,
                HangUpDelay = TimeSpan.FromMilliseconds(prompts.HangUpDelayMs),
            }, sp.GetRequiredService<CallMediaFeatures>());
        });
    }
}
