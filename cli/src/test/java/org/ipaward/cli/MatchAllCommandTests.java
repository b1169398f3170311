package org.ipaward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchAllCommandTests {
    @TempDir
    Path dir;

    @Test
    void generatesAndMatchesARegister() throws Exception {
        Path reg = dir.resolve("r.csv");
        Cli.Run g = Cli.run(
                "generate-register",
                "-p",
                Cli.POLICIES.toString(),
                "--profiles",
                "300",
                "--seed",
                "2",
                "--out",
                reg.toString());
        assertThat(g.exit()).as(g.err()).isZero();
        assertThat(g.out()).contains("已生成 300 个主体");
        Path out = dir.resolve("m.csv");
        Cli.Run r = Cli.run(
                "match-all",
                "-p",
                Cli.POLICIES.toString(),
                "--register",
                reg.toString(),
                "--out",
                out.toString(),
                "--as-of",
                "2026-03-01",
                "--threads",
                "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("已读取主体 300 个")
                .contains("JD-patent-intensive")
                .contains("可能总额上限");
        assertThat(Files.readAllLines(out).get(0)).startsWith("主体编号（subject_id）,主体名称（subject_name）");
        assertThat(Files.readString(out)).contains(",possible,").doesNotContain(",excluded,");

        Path only = dir.resolve("m.jsonl");
        Cli.Run e = Cli.run(
                "match-all",
                "-p",
                Cli.POLICIES.toString(),
                "--register",
                reg.toString(),
                "--out",
                only.toString(),
                "--as-of",
                "2026-03-01",
                "--only",
                "eligible",
                "--quiet");
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(e.out()).isEmpty();
        assertThat(Files.readAllLines(only)).allMatch(l -> l.contains("\"outcome\":\"eligible\""));
    }

    @Test
    void badInputExitsTwoWithoutStackTrace() throws Exception {
        Path reg = dir.resolve("bad.csv");
        Files.writeString(reg, "id,kind,patents\n1,enterprise,3\n");
        Cli.Run r = Cli.run(
                "match-all",
                "-p",
                Cli.POLICIES.toString(),
                "--register",
                reg.toString(),
                "--out",
                dir.resolve("m.csv").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("bad.csv")
                .contains("patents")
                .contains("register.unknown-column")
                .doesNotContain("\tat ");
        Cli.Run missing = Cli.run(
                "match-all",
                "--register",
                dir.resolve("none.csv").toString(),
                "--out",
                dir.resolve("m.csv").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("register.not-found");
        Cli.Run fmt = Cli.run(
                "match-all",
                "--register",
                reg.toString(),
                "--out",
                dir.resolve("m.txt").toString());
        assertThat(fmt.exit()).isEqualTo(2);
        assertThat(fmt.err()).contains("match.out-format");
        Cli.Run usage = Cli.run("generate-register", "--profiles", "x", "--out", "a.csv");
        assertThat(usage.exit()).isEqualTo(2);
    }
}
