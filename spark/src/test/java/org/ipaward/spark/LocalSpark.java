package org.ipaward.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark for all tests of the run: {@code local[2]}, few shuffle partitions, no UI, every file it
 * writes under {@code target/}. The job's main stops the session it used; the next test gets a new one. Surefire passes the Java 17 {@code --add-opens} options Spark needs.
 */
final class LocalSpark {
    static final Path TARGET = Path.of("target").toAbsolutePath();
    private static SparkSession session;

    static {
        // java.io.tmpdir points here (surefire); it must exist before anything asks for a temporary file.
        dir("tmp");
    }

    private LocalSpark() {}

    static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            Path local = dir("spark-local");
            session = SparkSession.builder()
                    .appName("ipaward-test")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.default.parallelism", "2")
                    .config("spark.local.dir", local.toString())
                    .config("spark.sql.warehouse.dir", dir("spark-warehouse").toString())
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            SparkSession s = session;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
        }
        return session;
    }

    /** A fresh directory under target/ for one test's files. */
    static Path dir(String name) {
        try {
            return Files.createDirectories(TARGET.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
