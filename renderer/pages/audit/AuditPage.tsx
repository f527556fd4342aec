// PLACEHOLDER: the real page replaces this before it lands.
export function AuditPage() {
  return <div>Audit</div>;
}
