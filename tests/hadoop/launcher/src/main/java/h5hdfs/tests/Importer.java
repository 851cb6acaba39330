// SPDX-License-Identifier: MIT
package h5hdfs.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Fills HDFS: /data (a copy of the local import directory, owned by analyst:analysts, dirs 755,
 * files 644, symlinks as HDFS symlinks), /data/private (700) with secret.txt, /user/analyst and
 * /tmp (1777). The copy is written by analyst (a proxy user of the superuser), so every inode,
 * including symlinks, is owned by analyst and inherits the group of /data.
 */
final class Importer {
  static final String USER = "analyst", GROUP = "analysts";
  static final FsPermission DIR = new FsPermission((short) 0755), FILE = new FsPermission((short) 0644);

  private final FileSystem superFs;
  private final Path local;
  int files, dirs, links;

  Importer(FileSystem superFs, Path local) {
    this.superFs = superFs;
    this.local = local;
  }

  void run() throws Exception {
    FileSystem.enableSymlinks(); // off by default in Hadoop 3; the NameNode runs in this JVM
    org.apache.hadoop.fs.Path data = new org.apache.hadoop.fs.Path("/data");
    mkdirOwned(data, DIR);
    mkdirOwned(new org.apache.hadoop.fs.Path("/user/" + USER), DIR);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path("/tmp");
    superFs.mkdirs(tmp);
    superFs.setPermission(tmp, new FsPermission((short) 01777));

    UserGroupInformation ugi =
        UserGroupInformation.createProxyUser(USER, UserGroupInformation.getLoginUser());
    ugi.doAs((PrivilegedExceptionAction<Void>) () -> {
      // A file's close waits for its last block with a backoff that starts at 400 ms by default:
      // thousands of small files would take minutes. Poll sooner, and write several at once.
      org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(superFs.getConf());
      conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 5);
      FileSystem fs = FileSystem.newInstance(superFs.getUri(), conf);
      try {
        if (local != null) copyTree(fs, data);
        org.apache.hadoop.fs.Path priv = new org.apache.hadoop.fs.Path(data, "private");
        fs.mkdirs(priv);
        fs.setPermission(priv, new FsPermission((short) 0700));
        org.apache.hadoop.fs.Path secret = new org.apache.hadoop.fs.Path(priv, "secret.txt");
        try (OutputStream o = fs.create(secret, true)) {
          o.write("top secret\n".getBytes(StandardCharsets.UTF_8));
        }
        fs.setPermission(secret, FILE);
      } finally {
        fs.close();
      }
      return null;
    });
    MiniHdfs.log("imported " + files + " files, " + dirs + " directories, " + links + " symlinks");
  }

  private void mkdirOwned(org.apache.hadoop.fs.Path p, FsPermission perm) throws IOException {
    superFs.mkdirs(p);
    superFs.setOwner(p, USER, GROUP);
    superFs.setPermission(p, perm);
  }

  private void copyTree(FileSystem fs, org.apache.hadoop.fs.Path root) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> copies = new ArrayList<>();
    Files.walkFileTree(local, new SimpleFileVisitor<Path>() {
      org.apache.hadoop.fs.Path target(Path p) {
        String rel = local.relativize(p).toString();
        return rel.isEmpty() ? root : new org.apache.hadoop.fs.Path(root, rel);
      }

      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
        org.apache.hadoop.fs.Path t = target(d);
        if (!t.equals(root)) {
          fs.mkdirs(t);
          fs.setPermission(t, DIR);
          dirs++;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        org.apache.hadoop.fs.Path t = target(f);
        if (a.isSymbolicLink()) {
          String dest = Files.readSymbolicLink(f).toString();
          fs.createSymlink(new org.apache.hadoop.fs.Path(dest), t, false);
          links++;
        } else if (a.isRegularFile()) {
          copies.add(pool.submit(() -> copyFile(fs, f, t)));
          files++;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    pool.shutdown();
    for (Future<?> copy : copies) copy.get(); // rethrows the first failure
  }

  private static Void copyFile(FileSystem fs, Path from, org.apache.hadoop.fs.Path to) throws IOException {
    try (InputStream in = Files.newInputStream(from); OutputStream o = fs.create(to, true)) {
      in.transferTo(o);
    }
    fs.setPermission(to, FILE);
    return null;
  }
}
