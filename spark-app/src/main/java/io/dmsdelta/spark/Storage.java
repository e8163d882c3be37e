package io.dmsdelta.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * File access through Hadoop's FileSystem, so local paths, {@code file:}, {@code s3a://} and whatever else
 * the cluster configures all work the same way. Every failure names the URI.
 */
public final class Storage {

    private final Configuration conf;

    public Storage(Configuration conf) {
        this.conf = conf;
    }

    public Configuration configuration() {
        return conf;
    }

    public Path qualify(String uri) {
        Path path = new Path(uri);
        return fileSystem(path).makeQualified(path);
    }

    public Optional<FileStatus> status(String uri) {
        Path path = new Path(uri);
        try {
            return Optional.of(fileSystem(path).getFileStatus(path));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look up " + uri + ": " + e.getMessage(), e);
        }
    }

    /** The folders directly in {@code uri}; none when it does not exist. */
    public List<Path> listFolders(String uri) {
        Path path = new Path(uri);
        List<Path> folders = new ArrayList<>();
        try {
            for (FileStatus status : fileSystem(path).listStatus(path)) {
                if (status.isDirectory()) {
                    folders.add(status.getPath());
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + uri + ": " + e.getMessage(), e);
        }
        return folders;
    }

    /** All files below {@code uri}, at any depth. */
    public List<FileStatus> listFilesRecursively(String uri) {
        Path path = new Path(uri);
        List<FileStatus> files = new ArrayList<>();
        try {
            RemoteIterator<LocatedFileStatus> it = fileSystem(path).listFiles(path, true);
            while (it.hasNext()) {
                files.add(it.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + uri + ": " + e.getMessage(), e);
        }
        return files;
    }

    public String readText(String uri) {
        Path path = new Path(uri);
        try (InputStream in = fileSystem(path).open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("File not found: " + uri, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Opens a file, decompressing it when its name says it is compressed ({@code .gz}). */
    public InputStream openDecompressed(Path path) throws IOException {
        InputStream raw = fileSystem(path).open(path);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        return codec == null ? raw : codec.createInputStream(raw);
    }

    /** Replaces the file's content, writing it in one piece. */
    public void writeText(String uri, String text) {
        Path path = new Path(uri);
        try (FSDataOutputStream out = fileSystem(path).create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + uri + ": " + e.getMessage(), e);
        }
    }

    private FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("No file system for " + path + ": " + e.getMessage(), e);
        }
    }
}
