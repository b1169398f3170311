package org.ipaward.server.web.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ipaward.server.security.Browser;
import org.ipaward.server.security.Role;
import org.ipaward.server.subject.TestIds;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.junit.jupiter.api.Test;

/** Importing subjects from XLSX: the template, row-by-row problems with nothing imported, a job for a clean file. */
class SubjectImportPagesTests extends WorkbenchTestBase {
    static final List<String> HEADER =
            List.of("名称", "统一社会信用代码", "主体类型", "注册地行政区划代码", "亩均效益评价等级", "地址", "联系人", "联系电话", "开户银行", "银行账号");

    @Test
    void theTemplateHasTheChineseColumnsAndOnlyImportersMayUseThePage() throws IOException {
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        String page = html(acceptor.page("/workbench/subjects/import")).body();
        assertThat(page)
                .contains("导入申报主体")
                .contains("id=\"import-form\"")
                .contains("enctype=\"multipart/form-data\"")
                .contains("id=\"import-file\"")
                .contains("id=\"btn-import\"")
                .contains("id=\"btn-import-check\"")
                .contains("href=\"/workbench/subjects/import/template.xlsx\"");
        assertThat(html(acceptor.page("/workbench")).body()).contains("id=\"link-import\"");
        Api.Response t = acceptor.page("/workbench/subjects/import/template.xlsx");
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.header("Content-Type")).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml");
        assertThat(t.header("Content-Disposition")).contains("attachment");
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(t.bytes()))) {
            Row h = wb.getSheetAt(0).getRow(0);
            List<String> names = new ArrayList<>();
            h.forEach(c -> names.add(c.getStringCellValue()));
            assertThat(names).containsExactlyElementsOf(HEADER);
            assertThat(wb.getSheetAt(1).getSheetName()).isEqualTo("填写说明");
        }
        assertThat(html(signedIn(null, Role.SYSTEM_ADMIN).page("/workbench/subjects/import?lang=en"))
                        .body())
                .contains("Import subjects")
                .contains("Check and import");

        Browser reviewer = signedIn(null, Role.REVIEWER);
        assertThat(reviewer.page("/workbench/subjects/import").status()).isEqualTo(403);
        assertThat(html(reviewer.page("/workbench")).body()).doesNotContain("id=\"link-import\"");
        assertThat(upload(reviewer, xlsx(List.of(row("某公司", TestIds.uscc("110117")))), "import")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void everyBadRowIsReportedByRowAndColumnAndNothingIsImported() {
        String existing = TestIds.uscc("110117");
        jdbc.sql("insert into subject (kind, name, uscc) values ('enterprise', ?, ?)")
                .params(Fixtures.unique("已登记公司"), existing)
                .update();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String good = TestIds.uscc("110117");
        List<List<Object>> rows = List.of(
                row("导入好公司" + tag, good),
                row("导入坏代码" + tag, "91110117MA01K3N2"),
                row("", TestIds.uscc("110117")),
                row("导入重复" + tag, good),
                row("导入已登记" + tag, existing),
                withPhone(row("导入坏电话" + tag, TestIds.uscc("110117")), 12345d),
                withKind(row("导入自然人" + tag, TestIds.uscc("110117")), "自然人"),
                row("导入坏校验位" + tag, TestIds.usccWithBadCheck("110117")));
        Browser acceptor = signedIn(null, Role.ACCEPTOR);
        for (String mode : List.of("import", "check")) {
            Api.Response r = upload(acceptor, xlsx(rows), mode);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.body())
                    .contains("id=\"import-errors\"")
                    .contains("共 8 行，发现 7 处问题，未导入任何数据")
                    .containsPattern("data-row=\"3\" data-column=\"统一社会信用代码\" data-key=\"uscc.format\"")
                    .containsPattern("data-row=\"4\" data-column=\"名称\" data-key=\"subject.name\"")
                    .containsPattern("data-row=\"5\" data-column=\"统一社会信用代码\" data-key=\"import.duplicate_in_file\"")
                    .contains("与第 2 行的统一社会信用代码重复")
                    .containsPattern("data-row=\"6\" data-column=\"统一社会信用代码\" data-key=\"subject.duplicate\"")
                    .containsPattern("data-row=\"7\" data-column=\"联系电话\" data-key=\"phone.format\"")
                    .containsPattern("data-row=\"8\" data-column=\"主体类型\" data-key=\"import.kind\"")
                    .containsPattern("data-row=\"9\" data-column=\"统一社会信用代码\" data-key=\"uscc.check_failed\"")
                    .doesNotContain("data-row=\"2\"")
                    .doesNotContain("id=\"import-clean\"");
        }
        assertThat(jdbc.sql("select count(*) from subject where name like ?")
                        .param("%" + tag)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'subject.import' and details::text like ?")
                        .param("%" + tag + "%")
                        .query(Long.class)
                        .single())
                .isZero();

        Api.Response notExcel = upload(acceptor, "名称,统一社会信用代码\n".getBytes(StandardCharsets.UTF_8), "import");
        assertThat(notExcel.status()).isEqualTo(400);
        assertThat(notExcel.body()).contains("无法读取该文件").contains("import.unreadable");
        Api.Response badHeader = upload(acceptor, xlsx(List.of("公司名", "信用代码"), List.of()), "import");
        assertThat(badHeader.status()).isEqualTo(400);
        assertThat(badHeader.body()).contains("不认识的列“公司名”").contains("缺少必填列“名称”");
    }

    @Test
    void aCleanFileIsCheckedThenImportedAsAJobThroughTheSubjectService() throws InterruptedException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<List<Object>> rows = List.of(
                withPhone(row("导入甲公司" + tag, TestIds.uscc("110117")), 13912345678d),
                withKind(row("导入乙研究院" + tag, TestIds.uscc("12", "110117")), "事业单位"),
                row("导入丙代理" + tag, TestIds.uscc("330703")));
        byte[] file = xlsx(rows);
        Browser acceptor = signedIn(null, Role.ACCEPTOR);

        Api.Response checked = upload(acceptor, file, "check");
        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        assertThat(checked.body()).contains("id=\"import-clean\"").contains("全部 3 行通过校验");
        assertThat(count(tag)).isZero();

        Api.Response started = upload(acceptor, file, "import");
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String location = started.header("Location");
        String job = location.replaceAll(".*/workbench/jobs/([^?]+).*", "$1");
        String query = location.substring(location.indexOf('?'));
        String progress = null;
        for (int i = 0; i < 300; i++) {
            progress = html(acceptor.page("/workbench/jobs/" + job + "/progress" + query))
                    .body();
            if (progress.contains("data-status=\"DONE\"")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(progress)
                .contains("data-status=\"DONE\"")
                .contains("data-failed=\"0\"")
                .contains("导入完毕：共 3 行，已处理 3 行，成功 3 行，失败 0 行")
                .contains("2 导入甲公司" + tag)
                .contains("href=\"/workbench/subjects/import\"");
        assertThat(html(acceptor.page("/workbench/jobs/" + job + query)).body())
                .contains("<h1 class=\"h3\">导入申报主体</h1>");
        assertThat(count(tag)).isEqualTo(3);
        var first = jdbc.sql("select kind, registered_region, phone_masked, phone_enc from subject where name = ?")
                .param("导入甲公司" + tag)
                .query((rs, n) -> List.of(
                        rs.getString(1), rs.getString(2), rs.getString(3), String.valueOf(rs.getBytes(4) != null)))
                .single();
        assertThat(first.get(0)).isEqualTo("enterprise");
        assertThat(first.get(1)).isEqualTo("110117");
        assertThat(first.get(2)).isEqualTo("139****5678");
        assertThat(first.get(3)).as("phone kept encrypted").isEqualTo("true");
        assertThat(jdbc.sql("select kind from subject where name = ?")
                        .param("导入乙研究院" + tag)
                        .query(String.class)
                        .single())
                .isEqualTo("institution");
        assertThat(jdbc.sql(
                                "select count(*) from audit_log where action = 'subject.create' and target_id in (select id::text from subject where name like ?)")
                        .param("%" + tag)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
        assertThat(jdbc.sql(
                                "select count(*) from audit_log where action = 'subject.import' and details::jsonb->>'rows' = '3'")
                        .query(Long.class)
                        .single())
                .isPositive();

        Api.Response again = upload(acceptor, file, "import");
        assertThat(again.status())
                .as("the same file again: every row already registered")
                .isEqualTo(400);
        assertThat(again.body()).contains("subject.duplicate");
    }

    private long count(String tag) {
        return jdbc.sql("select count(*) from subject where name like ?")
                .param("%" + tag)
                .query(Long.class)
                .single();
    }

    static List<Object> row(String name, String uscc) {
        List<Object> r = new ArrayList<>(
                List.of(name, uscc, "", "", "", "北京市平谷区测试路 1 号", "张三", "010-61234567", "中国银行", "6216610100001234567"));
        return r;
    }

    static List<Object> withPhone(List<Object> row, Object phone) {
        row.set(7, phone);
        return row;
    }

    static List<Object> withKind(List<Object> row, String kind) {
        row.set(2, kind);
        return row;
    }

    static byte[] xlsx(List<List<Object>> rows) {
        return xlsx(HEADER, rows);
    }

    /** A workbook with the header and rows (numbers as numeric cells, like a phone number typed in Excel). */
    static byte[] xlsx(List<String> header, List<List<Object>> rows) {
        try (XSSFWorkbook wb = new XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet s = wb.createSheet("主体");
            Row h = s.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                h.createCell(i).setCellValue(header.get(i));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row x = s.createRow(r + 1);
                for (int i = 0; i < rows.get(r).size(); i++) {
                    Object v = rows.get(r).get(i);
                    if (v instanceof Double d) {
                        x.createCell(i).setCellValue(d);
                    } else if (!"".equals(v)) {
                        x.createCell(i).setCellValue(String.valueOf(v));
                    }
                }
            }
            s.createRow(rows.size() + 3); // an empty row at the end is skipped
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs the import form (multipart: the file, the mode and the CSRF token) as the browser's session. */
    Api.Response upload(Browser b, byte[] file, String mode) {
        String boundary = "----ipaward" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
                            + b.cookie("XSRF-TOKEN") + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\n" + mode + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(("--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"qiye.xlsx\"\r\n"
                            + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(file);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest req = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/workbench/subjects/import"))
                    .header("Accept", "text/html")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Cookie", "JSESSIONID=" + b.cookie("JSESSIONID") + "; XSRF-TOKEN=" + b.cookie("XSRF-TOKEN"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            HttpResponse<byte[]> r = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Api.Response(
                    r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
