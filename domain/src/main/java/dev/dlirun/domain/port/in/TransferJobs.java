package dev.dlirun.domain.port.in;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;

import java.util.List;

/** The use cases that move jobs' definitions between projects: export to a file, import from one. */
public interface TransferJobs {

    /**
     * Writes the definitions of the jobs {@code request} selects to a new file.
     *
     * @return the file written, named as an import names it
     * @throws JobNotFoundException  when a selected job is not the project's
     * @throws InvalidInputException when the place is not one the caller may write
     */
    List<String> export(ExportRequest request);

    /**
     * Creates (or, with {@code is_cover}, overwrites) the jobs of the file or folder {@code request} names.
     *
     * @return one element per job of the file(s), in their order
     * @throws InvalidInputException when the place is not one the caller may read, or anything in it is not a valid
     *                               export: then nothing is imported
     */
    List<ImportedJob> importJobs(ImportRequest request);
}
