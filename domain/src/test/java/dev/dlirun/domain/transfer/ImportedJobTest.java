package dev.dlirun.domain.transfer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportedJobTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 12, Long.MAX_VALUE})
    void aJobGivenANewIdWasImported(long newJobId) {
        ImportedJob job = new ImportedJob(7, newJobId, "imported");

        assertThat(job.imported()).isTrue();
        assertThat(job.oldJobId()).isEqualTo(7);
        assertThat(job.newJobId()).isEqualTo(newJobId);
        assertThat(job.remark()).isEqualTo("imported");
    }

    @Test
    void aJobOfIdMinusOneWasLeftOut() {
        ImportedJob job = new ImportedJob(7, ImportedJob.NOT_IMPORTED, "name in use");

        assertThat(ImportedJob.NOT_IMPORTED).isEqualTo(-1);
        assertThat(job.imported()).isFalse();
        assertThat(job.newJobId()).isEqualTo(-1);
    }

    @Test
    void aRemarkIsRequired() {
        assertThatThrownBy(() -> new ImportedJob(7, 8, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("remark");
    }
}
