import { Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { connectionErrorLog, ImportJob, QUEUES } from '@app/platform';
import { ImportRunner } from './import-runner.service';
import { ImportStatus } from './result-import.entity';

/** Runs queued imports, one at a time per worker (imports of one election take turns anyway). */
@Processor(QUEUES.imports, { concurrency: 1 })
export class ImportsProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportsProcessor.name);
  private readonly logConnectionError = connectionErrorLog(this.logger, 'Imports worker cannot reach Redis');

  constructor(private readonly runner: ImportRunner) {
    super();
  }

  async process(job: Job<ImportJob>): Promise<{ status: ImportStatus }> {
    let reported = 0;
    const status = await this.runner.run(job.data.importId, (progress) => {
      // The dashboard shows job progress too; whole percents are enough.
      const percent = Math.floor(progress * 100);
      if (percent > reported) {
        reported = percent;
        void job.updateProgress(percent).catch(() => undefined);
      }
    });
    return { status };
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logConnectionError(error);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<ImportJob> | undefined, error: Error): void {
    this.logger.warn(`Import ${job?.data.importId} attempt ${job?.attemptsMade} failed: ${error.message}`);
  }
}
