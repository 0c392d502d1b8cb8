package dev.dlirun.adapters.client.flink.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical texts meanings are made of: sorted JSON, types without nullability, a row's field types. */
class CanonicalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void objectsAreWrittenWithSortedKeysAndWithoutTheKeysLeftOut() throws Exception {
        assertThat(Canonical.json(JSON.readTree("{\"b\": [1, {\"z\": 1, \"a\": null}], \"a\": \"x\", \"id\": 7}"),
                Set.of("id"))).isEqualTo("{\"a\":\"x\",\"b\":[1,{\"a\":null,\"z\":1}]}");
    }

    @Test
    void aRowsFieldTypesAreReadFromEitherFormWithoutNullability() throws Exception {
        assertThat(Canonical.rowFieldTypes(TextNode.valueOf(
                "ROW<`k` INT NOT NULL, `odd ``name`` ` DECIMAL(10, 2), `m` MAP<STRING, ARRAY<INT>>,"
                        + " `r` ROW<`x` INT, `y` VARCHAR(3)> NOT NULL> NOT NULL")))
                .containsExactly("INT", "DECIMAL(10, 2)", "MAP<STRING, ARRAY<INT>>", "ROW<`x` INT, `y` VARCHAR(3)>");
        assertThat(Canonical.rowFieldTypes(JSON.readTree("{\"type\": \"ROW\", \"fields\": [{\"name\": \"k\","
                + " \"fieldType\": \"INT NOT NULL\"}, {\"name\": \"ts\", \"fieldType\": {\"type\":"
                + " \"TIMESTAMP_WITHOUT_TIME_ZONE\", \"precision\": 3, \"kind\": \"ROWTIME\", \"nullable\": false}}]}")))
                .containsExactly("INT", "{\"kind\":\"ROWTIME\",\"precision\":3,\"type\":\"TIMESTAMP_WITHOUT_TIME_ZONE\"}");
        assertThat(Canonical.rowFieldTypes(TextNode.valueOf("INT"))).isEmpty();
        assertThat(Canonical.rowFieldTypes(null)).isEmpty();
    }

    @Test
    void aDigestIsShortAndStable() {
        assertThat(Canonical.digest("x")).hasSize(16).isEqualTo(Canonical.digest("x")).isNotEqualTo(Canonical.digest("y"));
    }
}
