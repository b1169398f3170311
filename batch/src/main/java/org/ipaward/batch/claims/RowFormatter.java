package org.ipaward.batch.claims;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The cells of a row as written, in {@link ClaimColumns} order. Not thread-safe. */
final class RowFormatter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(RowParser.BEIJING);

    String[] cells(ClaimRow r) {
        String[] c = new String[ClaimColumns.values().length];
        c[ClaimColumns.APPLICATION_NO.ordinal()] = r.applicationNo();
        c[ClaimColumns.SUBMITTED_AT.ordinal()] = r.submittedAt() == null ? null : TIME.format(r.submittedAt());
        c[ClaimColumns.CLAIM_SEQ.ordinal()] = Integer.toString(r.claimSeq());
        c[ClaimColumns.SUBJECT_ID.ordinal()] = r.subjectId();
        c[ClaimColumns.SUBJECT_NAME.ordinal()] = r.subjectName();
        c[ClaimColumns.SUBJECT_KIND.ordinal()] =
                r.subjectKind() == null ? null : r.subjectKind().id();
        c[ClaimColumns.REGISTERED_REGION.ordinal()] = r.registeredRegion();
        c[ClaimColumns.HOUSEHOLD_REGION.ordinal()] = r.householdRegion();
        c[ClaimColumns.SERVED_REGIONS.ordinal()] =
                r.servedRegions().isEmpty() ? null : String.join(";", r.servedRegions());
        c[ClaimColumns.MU_GRADE.ordinal()] = r.muGrade();
        c[ClaimColumns.POLICY.ordinal()] = r.policy();
        c[ClaimColumns.MEASURE.ordinal()] = r.measure();
        c[ClaimColumns.MATTER_YEAR.ordinal()] = Integer.toString(r.matterYear());
        c[ClaimColumns.FACTS.ordinal()] = r.facts().isEmpty() ? null : json(r.facts());
        c[ClaimColumns.MATERIALS.ordinal()] =
                r.materials() == null ? null : r.materials().isEmpty() ? "-" : String.join(";", r.materials());
        c[ClaimColumns.AWARDED.ordinal()] =
                r.awarded() == null ? null : r.awarded().toPlainString();
        return c;
    }

    /** Facts as one JSON object; decimals written exactly in plain notation. */
    static String json(Map<String, Object> facts) {
        StringWriter w = new StringWriter(64);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : facts.entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d.toPlainString());
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                write(g, o);
            }
            g.writeEndArray();
        } else {
            g.writeString(v.toString());
        }
    }
}
