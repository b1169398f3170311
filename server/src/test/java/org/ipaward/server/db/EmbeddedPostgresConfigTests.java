package org.ipaward.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database's start-up guard: a busy port is refused; a left-over postmaster of our own is recognised. */
class EmbeddedPostgresConfigTests {
    @TempDir
    Path dir;

    @Test
    void aPortHeldByAnotherProgramIsRefusedWithAClearMessage() throws Exception {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = s.getLocalPort();
            assertThatThrownBy(() -> EmbeddedPostgresConfig.requireFreePort(port, dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("已被占用")
                    .hasMessageContaining("--ipaward.embedded-db.port");
        }
    }

    @Test
    void aPostmasterWhoseServerIsGoneIsAnOrphanButOneUnderARunningServerIsNot() throws Exception {
        // A process whose parent has exited (re-parented): what a killed server leaves behind.
        Process sh = new ProcessBuilder("sh", "-c", "sleep 30 > /dev/null 2>&1 & echo $!").start();
        long orphanPid = Long.parseLong(new String(sh.getInputStream().readAllBytes()).trim());
        sh.waitFor(10, TimeUnit.SECONDS);
        // A child of this JVM: what a running server's database looks like.
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            Files.write(
                    dir.resolve("postmaster.pid"), List.of(String.valueOf(orphanPid), dir.toString(), "0", "54999"));
            assertThat(EmbeddedPostgresConfig.orphanedPostmaster(dir, 54999)).isNotNull();
            assertThat(EmbeddedPostgresConfig.orphanedPostmaster(dir, 54998)).isNull();
            Files.write(
                    dir.resolve("postmaster.pid"), List.of(String.valueOf(child.pid()), dir.toString(), "0", "54999"));
            assertThat(EmbeddedPostgresConfig.orphanedPostmaster(dir, 54999)).isNull();
        } finally {
            ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroy);
            child.destroy();
        }
    }
}
