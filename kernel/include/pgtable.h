/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file pgtable.h
 * @brief i386 page tables, two levels with the pmd folded
 * (Linux: asm/pgtable.h, asm/pgtable-2level.h).
 *
 * Linux describes every architecture with three levels: pgd, pmd, pte. On
 * i386 without PAE the hardware has two, so the pmd is "folded": a pmd has
 * exactly one entry, which is the pgd entry itself. Code written for three
 * levels (the vmalloc walkers pgd -> pmd -> pte) runs unchanged.
 *
 * Each entry is wrapped in a struct (pte_t ...) so the compiler refuses to
 * mix up levels or treat an entry as a plain number.
 */
#ifndef _VMM_PGTABLE_H
#define _VMM_PGTABLE_H

#include <types.h>
#include <page.h>
#include <highmem_layout.h>

/** A page table entry. */
typedef struct { unsigned long pte_low; /**< frame | flags */ } pte_t;
/** A page middle directory entry (folded into the pgd on i386). */
typedef struct { unsigned long pmd; /**< table | flags */ } pmd_t;
/** A page global directory entry. */
typedef struct { unsigned long pgd; /**< table | flags */ } pgd_t;
/** Protection bits of a pte. */
typedef struct { unsigned long pgprot; /**< `_PAGE_*` bits */ } pgprot_t;

#define pte_val(x)	((x).pte_low)	/**< the raw bits of a pte */
#define pmd_val(x)	((x).pmd)	/**< the raw bits of a pmd */
#define pgd_val(x)	((x).pgd)	/**< the raw bits of a pgd entry */
#define pgprot_val(x)	((x).pgprot)	/**< the raw protection bits */
#define __pte(x)	((pte_t) { (x) })	/**< make a pte from bits */
#define __pmd(x)	((pmd_t) { (x) })	/**< make a pmd from bits */
#define __pgd(x)	((pgd_t) { (x) })	/**< make a pgd entry from bits */
#define __pgprot(x)	((pgprot_t) { (x) })	/**< make protection bits */

/** Address bits translated by one pgd entry: 4 MiB. */
#define PGDIR_SHIFT	22
/** Bytes mapped by one pgd entry. */
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)
/** Mask keeping the pgd-aligned part of an address. */
#define PGDIR_MASK	(~(PGDIR_SIZE - 1))
/** The folded pmd covers exactly what a pgd entry covers. */
#define PMD_SHIFT	22
/** Bytes mapped by one pmd entry. */
#define PMD_SIZE	(1UL << PMD_SHIFT)
/** Mask keeping the pmd-aligned part of an address. */
#define PMD_MASK	(~(PMD_SIZE - 1))

#define PTRS_PER_PGD	1024	/**< entries in a page directory */
#define PTRS_PER_PMD	1	/**< entries in a (folded) pmd */
#define PTRS_PER_PTE	1024	/**< entries in a page table */
/** pgd entries that map user space: those below PAGE_OFFSET. */
#define USER_PTRS_PER_PGD	(PAGE_OFFSET / PGDIR_SIZE)

#define _PAGE_PRESENT	0x001	/**< the entry is valid */
#define _PAGE_RW	0x002	/**< writable */
#define _PAGE_USER	0x004	/**< accessible from user mode */
#define _PAGE_PWT	0x008	/**< write-through caching */
#define _PAGE_PCD	0x010	/**< caching disabled */
#define _PAGE_ACCESSED	0x020	/**< set by the CPU on any access */
#define _PAGE_DIRTY	0x040	/**< set by the CPU on a write */
#define _PAGE_PSE	0x080	/**< pgd entry maps a 4 MiB page */
#define _PAGE_GLOBAL	0x100	/**< kept in the TLB across CR3 loads */

/** Flags of a page-table page referenced from a pgd entry. */
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)
/** Flags of a kernel page-table page (no user access). */
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			 _PAGE_DIRTY)

/** No access at all. */
#define PAGE_NONE	__pgprot(_PAGE_ACCESSED)
/** User read-write. */
#define PAGE_SHARED	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
				 _PAGE_ACCESSED)
/** User read-only; a write faults (the copy-on-write trigger). */
#define PAGE_READONLY	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
/** User copy-on-write: read-only until the write fault. */
#define PAGE_COPY	PAGE_READONLY
/** Kernel read-write: what the direct mapping and vmalloc use. */
#define PAGE_KERNEL	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | \
				 _PAGE_ACCESSED)
/** Kernel read-only. */
#define PAGE_KERNEL_RO	__pgprot(_PAGE_PRESENT | _PAGE_DIRTY | \
				 _PAGE_ACCESSED)
/** Kernel read-write, uncached: for ioremap of device memory. */
#define PAGE_KERNEL_NOCACHE __pgprot(_PAGE_PRESENT | _PAGE_RW | \
				     _PAGE_DIRTY | _PAGE_ACCESSED | \
				     _PAGE_PCD)

/** Index of @p addr in the page directory. */
#define pgd_index(addr)	(((addr) >> PGDIR_SHIFT) & (PTRS_PER_PGD - 1))
/** Index of @p addr in its page table. */
#define pte_index(addr)	(((addr) >> PAGE_SHIFT) & (PTRS_PER_PTE - 1))

/**
 * struct mm_struct is defined in mm_types.h; the pgd of an address space
 * is mm->pgd.
 */
struct mm_struct;

/** The pgd entry of @p addr in address space @p mm. */
#define pgd_offset(mm, addr)	((mm)->pgd + pgd_index(addr))
/** The pgd entry of a kernel address, in the master table init_mm. */
#define pgd_offset_k(addr)	pgd_offset(&init_mm, addr)

/** The (folded) pmd of @p addr inside pgd entry @p dir: the entry itself. */
static inline pmd_t *pmd_offset(pgd_t *dir, unsigned long addr)
{
	(void)addr;
	return (pmd_t *)dir;
}

/** Kernel virtual address of the page table a pmd points to. */
#define pmd_page_kernel(pmd)	((pte_t *)__va(pmd_val(pmd) & PAGE_MASK))
/** The pte of @p addr in the page table of @p pmd (directly mapped). */
#define pte_offset_kernel(pmd, addr) \
	(pmd_page_kernel(*(pmd)) + pte_index(addr))
/** Linux 2.4's name for pte_offset_kernel(). */
#define pte_offset(pmd, addr)	pte_offset_kernel(pmd, addr)
/**
 * The pte of @p addr in the page table of @p pmd, mapped for the caller
 * until pte_unmap() (Linux 2.6's pte_offset_map()). Page tables are in low
 * memory in vmm386, so this is the direct map; page tables in high memory
 * (2.6's CONFIG_HIGHPTE) would map them here with kmap_atomic().
 */
#define pte_offset_map(pmd, addr)	pte_offset_kernel(pmd, addr)
/** Release a pte from pte_offset_map(): nothing to do for low memory. */
static inline void pte_unmap(pte_t *pte) { (void)pte; }

/* The folded pgd always "has" its pmd: the real tests are on the pmd. */
/** Never empty: the folded pgd entry is its pmd. */
static inline int pgd_none(pgd_t pgd) { (void)pgd; return 0; }
/** Always present: the folded pgd entry is its pmd. */
static inline int pgd_present(pgd_t pgd) { (void)pgd; return 1; }
/** Never bad: the folded pgd entry is its pmd. */
static inline int pgd_bad(pgd_t pgd) { (void)pgd; return 0; }

/** The pmd entry is empty. */
static inline int pmd_none(pmd_t pmd) { return !pmd_val(pmd); }
/** The pmd entry points to a present page table (or large page). */
static inline int pmd_present(pmd_t pmd)
{
	return pmd_val(pmd) & _PAGE_PRESENT;
}
/** The pmd entry maps a 4 MiB page rather than a page table. */
static inline int pmd_large(pmd_t pmd) { return pmd_val(pmd) & _PAGE_PSE; }
/** The pmd entry is malformed for a kernel page table. */
static inline int pmd_bad(pmd_t pmd)
{
	return (pmd_val(pmd) & ~PAGE_MASK & ~_PAGE_USER) != _KERNPG_TABLE;
}

/** The pte is empty: never mapped, or cleared. */
static inline int pte_none(pte_t pte) { return !pte_val(pte); }
/** The pte maps a page. */
static inline int pte_present(pte_t pte)
{
	return pte_val(pte) & _PAGE_PRESENT;
}
/** The page is writable through this pte. */
static inline int pte_write(pte_t pte) { return pte_val(pte) & _PAGE_RW; }
/** The page was written through this pte. */
static inline int pte_dirty(pte_t pte) { return pte_val(pte) & _PAGE_DIRTY; }
/** The page was accessed through this pte. */
static inline int pte_young(pte_t pte)
{
	return pte_val(pte) & _PAGE_ACCESSED;
}
/** The pte is usable from user mode. */
static inline int pte_user(pte_t pte) { return pte_val(pte) & _PAGE_USER; }
/** A copy of @p pte that allows writes. */
static inline pte_t pte_mkwrite(pte_t pte)
{
	return __pte(pte_val(pte) | _PAGE_RW);
}
/** A copy of @p pte that forbids writes. */
static inline pte_t pte_wrprotect(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_RW);
}
/** A copy of @p pte marked dirty. */
static inline pte_t pte_mkdirty(pte_t pte)
{
	return __pte(pte_val(pte) | _PAGE_DIRTY);
}
/** A copy of @p pte marked clean. */
static inline pte_t pte_mkclean(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_DIRTY);
}
/** A copy of @p pte marked accessed. */
static inline pte_t pte_mkyoung(pte_t pte)
{
	return __pte(pte_val(pte) | _PAGE_ACCESSED);
}
/** A copy of @p pte marked not accessed. */
static inline pte_t pte_mkold(pte_t pte)
{
	return __pte(pte_val(pte) & ~_PAGE_ACCESSED);
}
/** Physical address of the page @p pte maps. */
static inline unsigned long pte_phys(pte_t pte)
{
	return pte_val(pte) & PAGE_MASK;
}
/** A pte mapping physical address @p phys with protection @p prot. */
static inline pte_t mk_pte_phys(unsigned long phys, pgprot_t prot)
{
	return __pte((phys & PAGE_MASK) | pgprot_val(prot));
}

/**
 * A pte mapping the page frame of struct page @p page with protection
 * @p prot (a macro: it needs mm.h's page_to_phys, which includes this file).
 */
#define mk_pte(page, prot)	mk_pte_phys(page_to_phys(page), (prot))
/** Page frame number a pte maps. */
#define pte_pfn(pte)		(pte_phys(pte) >> PAGE_SHIFT)
/** struct page of the frame a pte maps (needs mm.h). */
#define pte_page(pte)		pfn_to_page(pte_pfn(pte))
/** struct page of the page table (or 4 MiB page) a pmd points to. */
#define pmd_page(pmd)		pfn_to_page(pmd_val(pmd) >> PAGE_SHIFT)

/** Store a pte. One aligned 32-bit write: the CPU never sees half of it. */
static inline void set_pte(pte_t *ptep, pte_t pte) { *ptep = pte; }
/** Store a pmd entry (on i386, a pgd entry). */
static inline void set_pmd(pmd_t *pmdp, pmd_t pmd) { *pmdp = pmd; }
/** Store a pgd entry. */
static inline void set_pgd(pgd_t *pgdp, pgd_t pgd) { *pgdp = pgd; }
/** Empty a pte. The TLB may still hold it: the caller flushes. */
static inline void pte_clear(pte_t *ptep) { set_pte(ptep, __pte(0)); }
/** Empty a pmd entry. */
static inline void pmd_clear(pmd_t *pmdp) { set_pmd(pmdp, __pmd(0)); }

/*
 * The kernel's virtual address space above PAGE_OFFSET, from the bottom:
 *   PAGE_OFFSET .. high_memory            ZONE_DMA and ZONE_NORMAL, 1:1
 *   8 MiB gap (VMALLOC_OFFSET)            catches overruns of the direct map
 *   VMALLOC_START .. VMALLOC_END          vmalloc(), vmap(), ioremap()
 *   2 pages gap
 *   PKMAP_BASE .. + LAST_PKMAP pages      kmap() windows (highmem.h)
 *   ...
 *   FIXADDR_START .. FIXADDR_TOP          fixed mappings (fixmap.h)
 */
/** Kernel virtual address of the end of directly mapped memory (mm.h). */
extern void *high_memory;

/** Gap between the end of the direct map and the vmalloc area. */
#define VMALLOC_OFFSET	(8UL * 1024 * 1024)
/** Virtual space kept for vmalloc at least; it caps the direct map. */
#define __VMALLOC_RESERVE	(128UL << 20)
/** Most RAM the kernel maps directly: 1 GiB less the vmalloc reserve. */
#define MAXMEM		((unsigned long)(-PAGE_OFFSET - __VMALLOC_RESERVE))
#ifndef __VMM_HOST_TEST
/** First vmalloc address: high_memory plus a gap, on an 8 MiB boundary. */
#define VMALLOC_START	(((unsigned long)high_memory + 2 * VMALLOC_OFFSET - 1) \
			 & ~(VMALLOC_OFFSET - 1))
/** End of the vmalloc area: two pages below the kmap window. */
#define VMALLOC_END	(PKMAP_BASE - 2 * PAGE_SIZE)
#else
/*
 * Host unit tests: high_memory is a host pointer there, so the test
 * chooses the window (the addresses are only ever looked up in the test's
 * page tables, never dereferenced).
 */
extern unsigned long host_vmalloc_start, host_vmalloc_end;
#define VMALLOC_START	host_vmalloc_start
#define VMALLOC_END	host_vmalloc_end
#endif

/** The master kernel page directory, built by asm/head.asm. */
extern pgd_t swapper_pg_dir[PTRS_PER_PGD];

/**
 * The page table of the persistent kmap window: the pte of pkmap slot n is
 * pkmap_page_table[n]. Created by paging_init() (fixrange_init()), for
 * kmap_high() (Chapter 10).
 */
extern pte_t *pkmap_page_table;

/**
 * The pmd of @p address in @p mm, allocating it if needed. With the pmd
 * folded into the pgd there is nothing to allocate: it is the pgd entry
 * (Linux 2.4's pmd_alloc() on i386).
 */
static inline pmd_t *pmd_alloc(struct mm_struct *mm, pgd_t *pgd,
			       unsigned long address)
{
	(void)mm;
	return pmd_offset(pgd, address);
}

pte_t *pte_alloc(struct mm_struct *mm, pmd_t *pmd, unsigned long address);
pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long address);
pte_t *lookup_address(unsigned long address);
void zap_low_mappings(void);

#endif /* _VMM_PGTABLE_H */
