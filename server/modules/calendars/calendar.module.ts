import type { FeatureModule } from '../../common/module.js';
import { CalendarFeed } from './calendar.entity.js';
import { CalendarResolver, ProcurementCalendarResolver } from './calendar.resolver.js';

export const calendarModule: FeatureModule = {
  name: 'calendars',
  entities: [CalendarFeed],
  resolvers: [CalendarResolver, ProcurementCalendarResolver],
};
