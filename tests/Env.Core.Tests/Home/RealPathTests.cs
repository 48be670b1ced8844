namespace Env.Core.Tests.Home;

public sealed class RealPathTests : IDisposable
{
    private readonly TempDir _dir = new("envsdk-realpath-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Follows_links_at_every_folder_and_goes_up_from_where_a_link_leads()
    {
        var a = Directory.CreateDirectory(_dir.Combine("a", "deep")).FullName;
        File.WriteAllText(_dir.Combine("a", "file"), "x");
        Directory.CreateDirectory(_dir.Combine("b"));
        File.CreateSymbolicLink(_dir.Combine("b", "to-deep"), a);
        File.CreateSymbolicLink(_dir.Combine("b", "rel"), "../a/file");

        Assert.Equal(_dir.Combine("a", "file"), RealPath.Of("b/to-deep/../file", _dir.Path));
        Assert.Equal(_dir.Combine("a", "file"), RealPath.Of(_dir.Combine("b", "rel"), "/"));
        Assert.Null(RealPath.Of("b/missing", _dir.Path));
        File.CreateSymbolicLink(_dir.Combine("loop"), "loop");
        Assert.Null(RealPath.Of("loop", _dir.Path));
        Assert.True(RealPath.IsInside(_dir.Combine("a", "file"), _dir.Path));
        Assert.False(RealPath.IsInside(_dir.Path + "-other/x", _dir.Path));
    }
}
