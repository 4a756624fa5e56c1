using Microsoft.Extensions.Options;

namespace Gateway.Host.Configuration;

/// <summary>The HTTP endpoint that serves /health, /metrics and the APIs.</summary>
public sealed class HttpOptions
{
    public const string Section = "Gateway:Http";

    /// <summary>Listen address, e.g. <c>http://127.0.0.1:8080</c>. Port 0 picks a free port.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";
}

internal sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/")
        {
            errors.Add(ConfigError.Format(HttpOptions.Section, nameof(HttpOptions.Url),
                $"must be an absolute http:// or https:// URL with no path, e.g. http://127.0.0.1:8080 (got '{options.Url}')"));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
