return await Krug.Blending.Cli.KrugCli.RunAsync(args, Krug.Blending.Cli.CliConsole.System, CancellationToken.None);
