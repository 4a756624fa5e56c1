namespace Gateway.Host.Configuration;

/// <summary>One spelling for configuration errors, so every message starts with the full key.</summary>
internal static class ConfigError
{
    public static string Format(string section, string key, string problem) => $"{section}:{key}: {problem}";
}
