// Prints what `dotnet env hook SHELL` and `dotnet env direnv` will print, from Env.Core itself, for the benchmarks
// (until the dotnet-env tool exists): `dotnet run bench/hook-text.cs -- bash STATE_DIR` or `-- envrc ENVRC_DIR PROJECT`.
#:project ../src/Core/Env.Core.csproj
Console.Write(args[0] == "envrc"
    ? Env.Core.Shell.DirenvScript.EnvrcLine(args[1], args[2]) + "\n"
    : Env.Core.Shell.PromptHook.Generate(args[0], args[1]));
