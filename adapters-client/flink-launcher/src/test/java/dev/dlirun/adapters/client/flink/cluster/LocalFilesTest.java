package dev.dlirun.adapters.client.flink.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the service does, maybe as root, in directories jobs' users may have written: no link is followed. */
class LocalFilesTest {

    @TempDir
    Path root;

    @Test
    void aJobsStateIsDeletedWithoutFollowingTheLinksItsUserPutThere() throws Exception {
        Path victim = Files.createDirectories(root.resolve("victim/sub"));
        Files.writeString(victim.getParent().resolve("catalogue.mv.db"), "the service's");
        Path checkpoints = Files.createDirectories(root.resolve("checkpoints/p1"));
        Files.createSymbolicLink(checkpoints.resolve("7"), victim.getParent());
        Path job8 = Files.createDirectories(checkpoints.resolve("8/chk-1"));
        Files.writeString(job8.resolve("_metadata"), "state");
        Files.createSymbolicLink(job8.resolve("planted"), victim.getParent());

        LocalFiles.deleteWithoutFollowingLinks(checkpoints.resolve("7"));
        LocalFiles.deleteWithoutFollowingLinks(checkpoints.resolve("8"));

        assertThat(checkpoints.resolve("7")).doesNotExist();
        assertThat(checkpoints.resolve("8")).doesNotExist();
        assertThat(victim.getParent().resolve("catalogue.mv.db")).hasContent("the service's");
        assertThat(victim).isDirectory();
    }

    @Test
    void nothingIsHandedToAUserThroughALink() throws Exception {
        Path target = Files.writeString(root.resolve("shadow"), "secret");
        Path link = Files.createSymbolicLink(root.resolve("logback.xml"), target);
        OsUser user = OsUser.of("65532:65532");

        assertThatThrownBy(() -> user.mayRead(link)).hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> user.ownFile(link)).hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> user.own(link)).hasMessageContaining("is a symbolic link");
        assertThat(target).hasContent("secret");
    }
}
