// PLACEHOLDER: the real page replaces this before it lands.
export function AlertsPage() {
  return <div>Alerts</div>;
}
