global using Archive.TestInfrastructure;
