import type { ApplicationsService } from './applications.service';
import type { BookingService } from './booking.service';
import type { CatalogueService } from './catalogue.service';
import type { EnterpriseService } from './enterprise.service';
import type { HallConfig } from './hall-config';
import type { HomeVisitsService } from './homevisits.service';
import type { QueueService } from './queue.service';
import type { Stations } from './stations';
import type { StatsService } from './stats.service';
import type { SuggestionsService } from './suggestions.service';

/** The hall's services, handed to its route plugins. */
export interface HallServices {
  config: HallConfig;
  stations: Stations;
  catalogue: CatalogueService;
  booking: BookingService;
  queue: QueueService;
  applications: ApplicationsService;
  stats: StatsService;
  enterprise: EnterpriseService;
  homeVisits: HomeVisitsService;
  suggestions: SuggestionsService;
}
