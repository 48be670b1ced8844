using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// A registry's credentials as <c>docker login</c> left them, read the way Docker reads them: in the config file
/// (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>) a <c>credHelpers</c> entry for the registry,
/// else <c>auths</c>' <c>auth</c> (base64 of <c>user:password</c>) or <c>username</c>/<c>password</c>, else the
/// <c>credsStore</c> helper; a helper is <c>docker-credential-NAME get</c> with the registry on its input. The file is
/// bounded (1 MiB, a regular file after its link is followed); a helper's answer is bounded too (64 KiB, 30 s).
/// </summary>
public static class DockerConfig
{
    private const int MaxConfigBytes = 1 << 20;
    private const int MaxHelperBytes = 64 * 1024;
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(30);

    /// <returns>The credentials for <paramref name="registry"/> (<c>host[:port]</c>), or null when the file has none.</returns>
    public static RegistryCredentials? CredentialsFor(string registry, string configFile, string? projectFile)
    {
        byte[]? bytes;
        try
        {
            // A dotfile manager (a home env, Home Manager) links it: its target is the file.
            var path = new FileInfo(configFile).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? configFile;
            bytes = StateFile.TryRead(path, MaxConfigBytes);
        }
        catch (StateFileException e)
        {
            throw Malformed(configFile, e.Why, projectFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // never logged in: a registry may need no credentials
        }
        if (bytes is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Malformed(configFile, "it is not a JSON object", projectFile);
            if (Find(root, "credHelpers", registry) is { ValueKind: JsonValueKind.String } helper)
                return FromHelper(helper.GetString()!, registry, configFile, projectFile);
            if (Find(root, "auths", registry) is { ValueKind: JsonValueKind.Object } auth && FromAuth(auth, configFile, projectFile) is { } fromFile)
                return fromFile;
            if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } storeName)
                return FromHelper(storeName, registry, configFile, projectFile);
            return null;
        }
        catch (JsonException e)
        {
            throw Malformed(configFile, $"it is not valid JSON ({e.Message})", projectFile);
        }
    }

    /// <summary>The entry for the registry, named as Docker names it: <c>host</c>, <c>https://host</c>, <c>http://host</c>, with or without a path.</summary>
    private static JsonElement? Find(JsonElement root, string section, string registry)
    {
        if (!root.TryGetProperty(section, out var map) || map.ValueKind != JsonValueKind.Object) return null;
        foreach (var entry in map.EnumerateObject())
        {
            var key = entry.Name;
            foreach (var scheme in new[] { "https://", "http://" })
                if (key.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) key = key[scheme.Length..];
            key = key.Split('/')[0];
            if (string.Equals(key, registry, StringComparison.OrdinalIgnoreCase)) return entry.Value;
        }
        return null;
    }

    private static RegistryCredentials? FromAuth(JsonElement auth, string configFile, string? projectFile)
    {
        if (auth.TryGetProperty("auth", out var encoded) && encoded.ValueKind == JsonValueKind.String && encoded.GetString() is { Length: > 0 } text)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                throw Malformed(configFile, "an \"auth\" value is not base64", projectFile);
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0) throw Malformed(configFile, "an \"auth\" value is not base64 of user:password", projectFile);
            return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
        }
        if (auth.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String && auth.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String)
            return new RegistryCredentials(user.GetString()!, password.GetString()!);
        if (auth.TryGetProperty("identitytoken", out var token) && token.ValueKind == JsonValueKind.String)
            return new RegistryCredentials("<token>", token.GetString()!);
        return null;
    }

    private static RegistryCredentials? FromHelper(string name, string registry, string configFile, string? projectFile)
    {
        // A helper's name becomes a program name: nothing but what Docker's helpers are called.
        if (name.Length == 0 || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw Malformed(configFile, $"the credential helper name '{PrintableText.Of(name)}' is not a program name", projectFile);
        var program = "docker-credential-" + name;
        // Its stderr is never kept: a helper's complaints may quote what it was given.
        var result = BoundedProcess.Run(program, ["get"], HelperTimeout, MaxHelperBytes, input: registry);
        if (result.ExitCode == BoundedProcess.NotStarted)
        {
            throw new EnvException(EnvCode.ENV0988,
                $"{configFile} names the credential helper '{name}' for {registry}, and {program} is not on PATH. Install it, or remove it from the file and give the credentials another way (DOTNET_CONTAINER_REGISTRY_UNAME and DOTNET_CONTAINER_REGISTRY_PWORD).",
                projectFile);
        }
        if (result.ExitCode == BoundedProcess.TimedOut)
            throw new EnvException(EnvCode.ENV0988, $"The credential helper {program} (named in {configFile}) gave no answer for {registry} within {HelperTimeout.TotalSeconds:0} s. Check it, or log in again.", projectFile);
        if (result.ExitCode != 0) return null; // "credentials not found": the registry may need none
        try
        {
            using var doc = JsonDocument.Parse(result.Output, new JsonDocumentOptions { MaxDepth = 4 });
            var user = doc.RootElement.GetProperty("Username").GetString() ?? "";
            var secret = doc.RootElement.GetProperty("Secret").GetString() ?? "";
            return secret.Length == 0 ? null : new RegistryCredentials(user, secret);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EnvException(EnvCode.ENV0988, $"The credential helper {program} (named in {configFile}) answered something that is not its JSON ({{\"Username\", \"Secret\"}}) for {registry}. Check the helper.", projectFile);
        }
    }

    private static EnvException Malformed(string configFile, string why, string? projectFile) =>
        new(EnvCode.ENV0988, $"Docker's config file {configFile} cannot be used: {why}. Fix it (or run 'docker login' again), or point DOCKER_CONFIG at another folder.", projectFile);
}
