import type { OrderView } from '@fengqiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import { isOpenOrder } from '../command/command-data';

/** The officer's open orders, or the finished ones (the server's full list less the open ones). */
export function useOrders(open: boolean) {
  return useQuery({
    queryKey: open ? keys.ordersMine : (['orders', 'mine', 'history'] as const),
    queryFn: async () => {
      if (open) return api.get<OrderView[]>('/api/orders/mine');
      const all = await api.get<OrderView[]>('/api/orders/mine', { open: 'false' });
      return all.filter((o) => !isOpenOrder(o.status));
    },
    staleTime: 0,
  });
}
