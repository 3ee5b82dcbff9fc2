ALTER TABLE "sites" ADD COLUMN "host_org_id" integer;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_host_org_id_orgs_id_fk" FOREIGN KEY ("host_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sites_host_org_idx" ON "sites" USING btree ("host_org_id");--> statement-breakpoint
-- hand-written: begin (re-append after regenerating). Issue 24 item 2: a site's free-text host becomes a link to the
-- organisation of the region bearing exactly that name — an enterprise (active or pending) or an organisation of a kind
-- that may host (HOST_ORG_KINDS in packages/shared/src/sites.ts) — when exactly one does; the rest stay 待关联 (host_name
-- without host_org_id) for a person to link (GET /api/sites?host=unlinked). The same rule as modules/sites/host.ts hostByName.
update sites s set host_org_id = m.org_id
  from (
    select c.site_id, min(c.org_id) as org_id
      from (
        select s2.id as site_id, e.org_id from sites s2
          join enterprises e on e.region_code = s2.region_code and e.name = s2.host_name and e.status in ('active', 'pending')
         where s2.host_org_id is null
        union all
        select s2.id, o.id from sites s2
          join orgs o on o.region_code = s2.region_code and o.name = s2.host_name and o.status = 'active'
           and o.kind in ('provider', 'association', 'department', 'other', 'city_bureau', 'district_bureau', 'police', 'procuratorate', 'court', 'justice')
         where s2.host_org_id is null
      ) c
     group by c.site_id
    having count(*) = 1
  ) m
 where s.id = m.site_id;
-- hand-written: end
