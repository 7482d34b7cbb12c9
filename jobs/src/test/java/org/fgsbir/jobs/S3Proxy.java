package org.fgsbir.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API for tests: S3Proxy (in-memory store) run as a separate process on a free 127.0.0.1
 * port, with test-only credentials that are set per bucket ({@code fs.s3a.bucket.BUCKET.*}) on the
 * configuration a test gives, never written to a file.
 *
 * <p>The S3Proxy jar is fetched by Maven into {@code jobs/target/s3proxy/} (surefire passes its path as
 * {@code fgsbir.s3proxy.jar}); starting fails, not skips, without it.
 */
public final class S3Proxy implements AutoCloseable {
  static final String ACCESS_KEY = "test-access-key";
  static final String SECRET_KEY = "test-secret-key";

  private final Process process;
  private final int port;

  private S3Proxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts S3Proxy, writing its properties and log under {@code workDir}, and waits until it listens. */
  public static S3Proxy start(Path workDir) throws IOException, InterruptedException {
    String jarProperty = System.getProperty("fgsbir.s3proxy.jar");
    Path jar = jarProperty == null ? null : Path.of(jarProperty);
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalStateException("The S3Proxy jar is missing (system property fgsbir.s3proxy.jar = "
          + jarProperty + "): Maven copies it to jobs/target/s3proxy/s3proxy.jar in generate-test-resources;"
          + " run the tests through Maven (mvn -pl jobs -am test), which fetches it.");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(workDir);
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=transient",
        "jclouds.identity=" + ACCESS_KEY,
        "jclouds.credential=" + SECRET_KEY, ""));
    Path log = workDir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--properties", properties.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + " at start; its log:\n"
            + Files.readString(log));
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return new S3Proxy(process, port);
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy did not listen on 127.0.0.1:" + port + " within 60 s; its log:\n"
        + Files.readString(log));
  }

  /** The HTTP endpoint. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The S3A settings that reach this proxy for {@code bucket} (keys without a {@code spark.hadoop.} prefix). */
  public Map<String, String> s3aSettings(String bucket) {
    String prefix = "fs.s3a.bucket." + bucket + ".";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "endpoint", endpoint());
    settings.put(prefix + "endpoint.region", "us-east-1");
    settings.put(prefix + "path.style.access", "true");
    settings.put(prefix + "connection.ssl.enabled", "false");
    settings.put(prefix + "access.key", ACCESS_KEY);
    settings.put(prefix + "secret.key", SECRET_KEY);
    settings.put(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    return settings;
  }

  /** Sets {@link #s3aSettings} on {@code conf}. */
  public void configure(Configuration conf, String bucket) {
    s3aSettings(bucket).forEach(conf::set);
  }

  /** A client of this proxy (the caller closes it). */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Creates {@code bucket}. */
  public void createBucket(String bucket) {
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(bucket));
    } catch (RuntimeException e) {
      throw new UncheckedIOException(new IOException("Cannot create bucket " + bucket + " on " + endpoint(), e));
    }
  }

  /** Stops the process. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
