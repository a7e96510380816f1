using System.Runtime.InteropServices;

namespace CallCenterRecognition.Web.Infrastructure;

/// <summary>
/// Members' data on disk is readable by the app's own OS user only. A process-wide umask of 077 makes everything the app
/// creates — data/, the SQLite file and its WAL (which holds the key ring on the embedded default), documents, packets,
/// outbox mail, backups, temp files — 0700 folders and 0600 files, whichever library creates them.
/// </summary>
public static class FilesAtRest
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void RestrictNewFiles()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0b000_111_111);
        }
    }

    /// <summary>Tightens what an earlier version (or a copy) left readable by others: these files, if they exist.</summary>
    public static void TightenFiles(params string[] files)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in files.Where(File.Exists))
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is null && (info.UnixFileMode & ~FileMode) != 0)
            {
                info.UnixFileMode &= FileMode;
            }
        }
    }

    /// <summary>Tightens what an earlier version (or a copy) left readable by others under <paramref name="folder"/>, which the app owns.</summary>
    public static void Tighten(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        File.SetUnixFileMode(folder, FolderMode);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            var wanted = entry is DirectoryInfo ? FolderMode : FileMode;
            if ((entry.UnixFileMode & ~wanted) != 0)
            {
                entry.UnixFileMode &= wanted;
            }
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
