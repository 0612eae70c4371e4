import { expect, test } from '@playwright/test';

test('a seller signs in, finds the demo agents and opens an Agent page', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  // The catalog lists Agent entities under their own kind.
  // The catalog is the portal's home page; Agent is one of its kinds.
  await page.goto('/?filters[kind]=agent');
  // The signed-in seller owns some of them (catalog files and registry
  // agents); every demo agent is listed under "All".
  await expect(
    page.getByRole('heading', { name: /^Owned Agents \(\d+\)$/, level: 2 }),
  ).toBeVisible();
  await page.getByRole('menuitem', { name: /^All/ }).click();
  const table = page.getByRole('table');
  for (const title of [
    'Support Assistant',
    'Sales Copilot',
    'Invoice Automation',
    'Docs Q&A',
    'FAQ Bot',
    'Lead Qualifier',
  ]) {
    await expect(
      table.getByRole('link', { name: title, exact: true }),
    ).toBeVisible();
  }

  await table
    .getByRole('link', { name: 'Support Assistant', exact: true })
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/agent\/support-assistant/);

  // The Agent card shows the agent's own fields.
  await expect(
    page.getByRole('heading', { name: 'Agent', exact: true }),
  ).toBeVisible();
  await expect(page.getByText('Chat agent')).toBeVisible();
  await expect(
    page.getByText('1511c230-d446-43a7-bfc3-539e69ce05b8'),
  ).toBeVisible();
  await expect(
    page.getByText("Hi, I'm Sam. How can I help with your order today?"),
  ).toBeVisible();
  const plans = page.getByRole('table', { name: 'Pricing plans' });
  await expect(plans.getByRole('row')).toHaveCount(4);
  await expect(plans.getByText('29.00 EUR / month')).toBeVisible();
  await expect(plans.getByText('Unlimited calls')).toBeVisible();
  await expect(page.getByText('Not on sale')).toBeVisible();

  // The standard About card shows the owner and system relations.
  await expect(
    page.getByRole('link', { name: 'Agent Builders' }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'AI Agents' }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('agent-page.png'),
    fullPage: true,
  });
});
