using Archive.Benchmarks;

var command = args.FirstOrDefault() ?? "help";
var shared = SharedData.Locate();
return command switch
{
    "store" => StoreBenchmark.Run(shared, args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("""
        Archive benchmarks (figures go in issue notes; never run by CI).

          dotnet run -c Release --project bench/Archive.Benchmarks -- store [--limit N]
              Ingest Reuters-21578 into a fresh archive (full durability), then verify and compare with sha256sum.
        """);
    return 2;
}
