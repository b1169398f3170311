package org.ipaward.server.web.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.ipaward.server.security.Role;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The payment list's XLSX, read back with POI: both totals (approved and paid) are exact sums in number
 * cells with two decimals, bank accounts stay masked, and the file is named by round and list number with
 * an ASCII fallback.
 */
class PaymentListXlsxTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void thePaymentListSheetHasBothTotalsAsNumbersAndARecognisableName() throws IOException {
        fx.user(null, Role.SYSTEM_ADMIN);
        long round = fx.round("pinggu-2025", 2026, "300000.00", "pro_rata");
        Awards awards = new Awards(api, fx);
        awards.approved(round, "400000.00", "200002.02");
        awards.confirm(round, clock);
        Api.As finance = api.login(fx.user(null, Role.FINANCE), Fixtures.PASSWORD);
        Api.Response batch = finance.post("/api/rounds/" + round + "/payment-batches", Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        long id = batch.json().get("id").asLong();
        String no = batch.json().get("no").asString();
        String title = jdbc.sql("select title from round where id = ?")
                .param(round)
                .query(String.class)
                .single();

        Api.Response sheet = finance.get("/api/payment-batches/" + id + ".xlsx");
        assertThat(sheet.status()).isEqualTo(200);
        String disposition = sheet.header("Content-Disposition");
        assertThat(disposition)
                .startsWith("attachment;")
                .contains("filename=\"payment-list-" + no + ".xlsx\"")
                .doesNotContain("filename=\"" + id)
                .contains("filename*=UTF-8''");
        String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("拨付清单-" + title + "-" + no + ".xlsx");

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(sheet.bytes()))) {
            Sheet s = wb.getSheetAt(0);
            assertThat(s.getRow(1).getCell(5).getStringCellValue()).startsWith("核定金额");
            assertThat(s.getRow(1).getCell(6).getStringCellValue()).startsWith("拨付金额");
            // Two payments: approved 200,000.00 and 100,001.01, paid pro rata 199,999.32 and 100,000.67.
            for (int r = 2; r <= 3; r++) {
                assertThat(s.getRow(r).getCell(4).getStringCellValue())
                        .satisfiesAnyOf(
                                a -> assertThat(a).isEmpty(), a -> assertThat(a).contains("*"));
            }
            Row total = s.getRow(4);
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("合计 Total");
            assertAmount(total.getCell(5), "300001.01");
            assertAmount(total.getCell(6), "299999.99");
        }

        // a failed payment stays on the list, marked, but is no longer in its totals
        long first = batch.json().get("payments").get(0).get("id").asLong();
        Api.Response fail = finance.post("/api/payments/" + first + "/failed", Map.of("reason", "账户已销户"));
        assertThat(fail.status()).as(fail.body()).isEqualTo(200);
        BigDecimal failedApproved =
                new BigDecimal(fail.json().get("approved_amount").asString());
        BigDecimal failedAmount = new BigDecimal(fail.json().get("amount").asString());
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(
                finance.get("/api/payment-batches/" + id + ".xlsx").bytes()))) {
            Sheet s = wb.getSheetAt(0);
            Row total = s.getRow(4);
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("合计（不含拨付失败 1 笔）Total (excl. 1 failed)");
            assertAmount(
                    total.getCell(5),
                    new BigDecimal("300001.01").subtract(failedApproved).toPlainString());
            assertAmount(
                    total.getCell(6),
                    new BigDecimal("299999.99").subtract(failedAmount).toPlainString());
        }
    }

    private static void assertAmount(Cell c, String expected) {
        assertThat(c.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(c.getCellStyle().getDataFormatString()).isEqualTo("#,##0.00");
        assertThat(BigDecimal.valueOf(c.getNumericCellValue()).setScale(2)).isEqualTo(new BigDecimal(expected));
    }
}
