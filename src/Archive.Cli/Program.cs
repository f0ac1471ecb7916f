using Archive.Cli;

return ArchiveCli.Run(args);
