package org.ipaward.batch.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ipaward.engine.InputException;
import org.ipaward.engine.PolicyLoader;
import org.ipaward.engine.model.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegisterTests {
    static final List<Policy> POLICIES = PolicyLoader.load(List.of(Path.of("..", "policies")));
    static final RegisterSchema SCHEMA = RegisterSchema.of(POLICIES);

    @TempDir
    Path dir;

    static List<ProfileRow> generate(int n, long seed) {
        List<ProfileRow> out = new ArrayList<>();
        Iterator<ProfileRow> it = new RegisterGenerator(seed).rows(n);
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void csvAndXlsxRoundTrip() {
        List<ProfileRow> rows = generate(500, 7);
        for (String ext : List.of("csv", "xlsx")) {
            Path f = dir.resolve("r." + ext);
            RegisterGenerator.write(f, 500, 7, SCHEMA);
            assertThat(RegisterFile.read(f, POLICIES)).as(ext).isEqualTo(rows);
        }
    }

    @Test
    void generatorIsSeededAndVaried() {
        List<ProfileRow> a = generate(2000, 3);
        assertThat(generate(2000, 3)).isEqualTo(a);
        assertThat(generate(2000, 4)).isNotEqualTo(a);
        assertThat(a).extracting(ProfileRow::kind).contains("enterprise", "institution", "person", "service_agency");
        assertThat(a)
                .anyMatch(p ->
                        p.registeredRegion() != null && p.registeredRegion().startsWith("110117"));
        assertThat(a)
                .anyMatch(p ->
                        p.registeredRegion() != null && p.registeredRegion().startsWith("330703"));
        assertThat(a).anyMatch(p -> !p.facts().isEmpty());
        assertThat(a).anyMatch(p -> p.materials() != null);
        assertThat(a).extracting(ProfileRow::muGrade).contains("A", "B", "C", "D", "unrated", null);
        assertThat(SCHEMA.factIds()).containsAll(RegisterGenerator.FACT_COLUMNS);
    }

    @Test
    void headersByIdChineseLabelOrBothAndBom() throws Exception {
        Path f = dir.resolve("h.csv");
        Files.writeString(
                f,
                "\uFEFFid,名称,主体类型（kind）,注册登记地区划代码,invention_patents\n" + "91110117MA00000001,某公司,企业,110117,12\n",
                StandardCharsets.UTF_8);
        assertThat(RegisterFile.read(f, POLICIES))
                .containsExactly(new ProfileRow(
                        "91110117MA00000001",
                        "某公司",
                        "enterprise",
                        "110117",
                        null,
                        List.of(),
                        null,
                        java.util.Map.of("invention_patents", "12"),
                        null));
    }

    @Test
    void unknownHeaderIsNamed() throws Exception {
        Path f = dir.resolve("u.csv");
        Files.writeString(f, "id,kind,sales_revenu\n1,enterprise,5\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RegisterFile.read(f, POLICIES))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("u.csv")
                .hasMessageContaining("sales_revenu")
                .hasMessageContaining("register.unknown-column");
        Files.writeString(f, "name\nx\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RegisterFile.read(f, POLICIES)).hasMessageContaining("register.missing-column");
    }

    @Test
    void badCellNamesFileRowColumnValueAndRule() throws Exception {
        Path f = dir.resolve("b.csv");
        Files.writeString(
                f,
                "id,kind,registered_region,mu_grade,invention_patents\n"
                        + "a,enterprise,110117,A,3\n"
                        + "b,enterprise,11011,E,x\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RegisterFile.read(f, POLICIES))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("b.csv:3")
                .hasMessageContaining("registered_region")
                .hasMessageContaining("“11011”")
                .hasMessageContaining("register.bad-region")
                .hasMessageContaining("register.bad-mu-grade")
                .hasMessageContaining("register.bad-fact");
    }

    /** What the worker-side parse gives, batch by batch, for a file. */
    static List<ProfileRow> readInBatches(Path f, int size) {
        List<ProfileRow> out = new ArrayList<>();
        RegisterFile.readCsvBatches(f, SCHEMA, size, b -> out.addAll(RegisterFile.parse(b)));
        return out;
    }

    @Test
    void batchesCutOnTheReaderAndParsedOnWorkersReadAsCommonsCsvDoes() throws Exception {
        Path f = dir.resolve("q.csv");
        Files.writeString(
                f,
                "\uFEFFid,name,kind,registered_region,served_regions,materials,invention_patents\n"
                        + "a1,\"某公司, 有限\",enterprise,110117,,,3\n"
                        + "\n"
                        + "a2,\"引号\"\"名\"\"\",person,330703,110117；330703,,\n"
                        + "a3,\"两行\n名称\",enterprise,110117,\"110117,330703\",subject_certificate;;grant_proof,\n"
                        + "   \n"
                        + "a4,普通,enterprise,110117,110117 330703,,12\r\n"
                        + "a5,,institution,,,,\n",
                StandardCharsets.UTF_8);
        List<ProfileRow> commons = RegisterFile.read(f, POLICIES);
        assertThat(commons).hasSize(5);
        assertThat(commons.get(1).name()).isEqualTo("引号\"名\"");
        assertThat(commons.get(2).name()).isEqualTo("两行\n名称");
        for (int size : new int[] {1, 2, 1000}) {
            assertThat(readInBatches(f, size)).as("batch %d", size).isEqualTo(commons);
        }
        Path g = dir.resolve("g.csv");
        RegisterGenerator.write(g, 3000, 11, SCHEMA);
        assertThat(readInBatches(g, 1000)).isEqualTo(RegisterFile.read(g, POLICIES));
    }

    @Test
    void aBadRowInALaterBatchNamesItsFileRow() throws Exception {
        Path f = dir.resolve("late.csv");
        StringBuilder sb = new StringBuilder("id,kind,registered_region\n");
        for (int i = 0; i < 25; i++) {
            sb.append("x")
                    .append(i)
                    .append(",enterprise,")
                    .append(i == 21 ? "11011" : "110117")
                    .append('\n');
        }
        Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readInBatches(f, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("late.csv:23")
                .hasMessageContaining("register.bad-region");
        Files.writeString(f, "id,kind\nx1,enterprise\n\"x2,enterprise\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> readInBatches(f, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("register.bad-csv");
    }
}
