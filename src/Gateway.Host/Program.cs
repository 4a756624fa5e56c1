using Gateway.Host;
using Microsoft.Extensions.Options;

// Exit codes: 0 clean stop, 2 configuration error (message names the key), 1 anything else.
try
{
    var app = GatewayHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    foreach (var failure in ex.Failures)
        Console.Error.WriteLine($"gateway: configuration error: {failure}");
    return 2;
}
catch (Exception ex) when (ex is ConfigurationFileException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } or InvalidDataException)
{
    // The binder says "Failed to convert configuration value at 'Gateway:Http:...' to type ...",
    // which names the key; a broken JSON file raises InvalidDataException naming the file.
    Console.Error.WriteLine($"gateway: configuration error: {ex.Message}");
    return 2;
}
