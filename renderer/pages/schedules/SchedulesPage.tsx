// PLACEHOLDER: the real page replaces this before it lands.
export function SchedulesPage() {
  return <div>Schedules</div>;
}
