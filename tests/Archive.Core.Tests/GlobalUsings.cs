global using Archive.TestInfrastructure;
global using TempArchive = Archive.TestInfrastructure.ScratchArchive;
