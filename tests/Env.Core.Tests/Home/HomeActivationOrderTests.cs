using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

public sealed class HomeActivationOrderTests
{
    private static IReadOnlyList<HomeActivationEntry> Parse(params (string Name, string? After)[] items) =>
        HomeActivationOrder.Sort(HomeActivationParser.ParseAll(items.Select(i => (i.Name, (IReadOnlyDictionary<string, string>)(i.After is null
            ? new Dictionary<string, string> { ["Command"] = "true" }
            : new Dictionary<string, string> { ["Command"] = "true", ["After"] = i.After }))), "env.proj"), "env.proj");

    private static string Order(params (string Name, string? After)[] items) => string.Join(" ", Parse(items).Select(a => a.Name));

    [Fact]
    public void Without_After_the_items_keep_their_order()
    {
        Assert.Equal("c a b", Order(("c", null), ("a", null), ("b", null)));
    }

    [Fact]
    public void An_activation_runs_after_the_ones_it_names_and_ties_keep_item_order()
    {
        Assert.Equal("b c a", Order(("a", "b;c"), ("b", null), ("c", null)));
        Assert.Equal("b a c d", Order(("a", "b"), ("b", null), ("c", null), ("d", "a")));
        // 'late' waits for 'z', which comes last in env.proj; the others keep their places around it.
        Assert.Equal("x y z late", Order(("late", " z ; "), ("x", null), ("y", null), ("z", null)));
        var parsed = Parse(("a", "b;b"), ("b", null));
        Assert.Equal(["b"], parsed[1].After);
    }

    [Fact]
    public void An_unknown_name_is_ENV0932_naming_it_and_the_activations()
    {
        var e = Assert.Throws<EnvException>(() => Parse(("fonts", "font"), ("reload", "fonts")));
        Assert.Equal(EnvCode.ENV0932, e.Code);
        Assert.Equal("env.proj", e.File);
        Assert.Contains("'fonts' after 'font'", e.Message);
        Assert.Contains("Activations: fonts, reload.", e.Message);
    }

    [Fact]
    public void A_cycle_is_ENV0933_with_its_path()
    {
        var e = Assert.Throws<EnvException>(() => Parse(("first", null), ("a", "c"), ("b", "a"), ("c", "b")));
        Assert.Equal(EnvCode.ENV0933, e.Code);
        Assert.Contains("cycle: a -> c -> b -> a;", e.Message);
        var self = Assert.Throws<EnvException>(() => Parse(("a", "a")));
        Assert.Equal(EnvCode.ENV0933, self.Code);
        Assert.Contains("cycle: a -> a;", self.Message);
    }

    [Fact]
    public void The_manifest_keeps_the_order_and_the_after_names()
    {
        var activations = Parse(("a", "b"), ("b", null));
        var manifest = new HomeManifest { Name = "t", Profile = "/p", Variables = [], Files = [], Activations = activations };
        var read = HomeManifest.Parse(manifest.ToJson(), null);
        Assert.Equal(activations, read.Activations);
        Assert.Equal(["b", "a"], read.Activations.Select(a => a.Name));
        Assert.Equal(["b"], read.Activations[1].After);
    }
}
