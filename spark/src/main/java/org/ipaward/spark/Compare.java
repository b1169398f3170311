package org.ipaward.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.ipaward.batch.claims.ClaimsFile;
import org.ipaward.batch.register.BulkMatcher;
import org.ipaward.batch.register.MatchRow;
import org.ipaward.batch.register.RegisterFile;
import org.ipaward.batch.register.RegisterSchema;
import org.ipaward.batch.replay.Budget;
import org.ipaward.batch.replay.Replay;

/**
 * Checks a Spark run against the single machine: the same input file is replayed (or matched) here with the
 * code {@code ipaward simulate} ({@code match-all}) runs — {@code ClaimsFile} + {@link Replay}, or
 * {@code RegisterFile} + {@link BulkMatcher} — and its totals are compared figure by figure with the
 * {@code totals.json} the Spark job wrote. Amounts are compared as decimals (1.50 = 1.5).
 */
public final class Compare {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Compare() {}

    /** The single-machine replay's totals, in the job's {@code totals.json} layout. */
    public static ObjectNode replayTotals(Path claims, LocalDate asOf, Budget budget) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        return Outputs.replayTotals(Replay.run(
                Engines.policies(), ClaimsFile.read(claims), new Replay.Options(budget, asOf, threads), null));
    }

    /** The single-machine match's totals, in the job's {@code totals.json} layout. */
    public static ObjectNode matchTotals(Path register, LocalDate asOf) {
        BulkMatcher matcher = new BulkMatcher(Engines.policies(), asOf);
        int n = matcher.measures().size();
        long[][] counts = new long[n][3];
        BigDecimal[] amounts = new BigDecimal[n];
        java.util.Arrays.fill(amounts, BigDecimal.ZERO);
        long profiles = RegisterFile.read(register, RegisterSchema.of(Engines.policies()), p -> {
            List<MatchRow> rows = matcher.match(p);
            for (int i = 0; i < n; i++) {
                MatchRow r = rows.get(i);
                switch (r.outcome()) {
                    case MatchRow.ELIGIBLE -> {
                        counts[i][0]++;
                        amounts[i] = amounts[i].add(r.amount());
                    }
                    case MatchRow.POSSIBLE -> counts[i][1]++;
                    default -> counts[i][2]++;
                }
            }
        });
        List<SparkMatch.MeasureTotal> totals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BulkMatcher.MeasureRef m = matcher.measures().get(i);
            totals.add(new SparkMatch.MeasureTotal(
                    m.policy(), m.measure(), counts[i][0], counts[i][1], counts[i][2], amounts[i]));
        }
        return Outputs.matchTotals(asOf, profiles, totals);
    }

    public static JsonNode read(String file) {
        try {
            return JSON.readTree(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every figure that differs, as {@code path: spark ≠ single}; empty when the totals are equal. */
    public static List<String> diff(JsonNode spark, JsonNode single) {
        List<String> out = new ArrayList<>();
        diff("", spark, single, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || a.isNull() || b.isNull()) {
            if (!(isNull(a) && isNull(b))) {
                out.add(path + ": " + a + " ≠ " + b);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                diff(path + "." + f, a.get(f), b.get(f), out);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": " + a.size() + " entries ≠ " + b.size());
            }
            Iterator<JsonNode> x = a.elements();
            Iterator<JsonNode> y = b.elements();
            int i = 0;
            while (x.hasNext() && y.hasNext()) {
                JsonNode ex = x.next();
                String key = ex.has("measure")
                        ? ex.path("policy").asText() + "/" + ex.path("measure").asText()
                        : ex.has("category") ? ex.path("category").asText() : Integer.toString(i);
                diff(path + "[" + key + "]", ex, y.next(), out);
                i++;
            }
            return;
        }
        if (a.isTextual() && b.isTextual() && number(a.asText()) && number(b.asText())) {
            if (new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) != 0) {
                out.add(path + ": " + a.asText() + " ≠ " + b.asText());
            }
            return;
        }
        if (!a.equals(b)) {
            out.add(path + ": " + a + " ≠ " + b);
        }
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull();
    }

    private static boolean number(String s) {
        try {
            new BigDecimal(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
